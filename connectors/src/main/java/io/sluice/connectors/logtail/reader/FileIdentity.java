package io.sluice.connectors.logtail.reader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * How a log file is known apart from its name: its device and inode ({@code unix:dev}, {@code
 * unix:ino}; the file system's file key where there are none), and a fingerprint of its first bytes
 * (the first 8 bytes of their SHA-256), which tells a copy of a file from another file and a reused
 * inode from the file that had it.
 */
final class FileIdentity {
  /** The most leading bytes a fingerprint covers. */
  static final int FINGERPRINT_BYTES = 1024;

  private FileIdentity() {}

  /** A listed file: path, identity key and size. */
  record Listed(Path path, String key, long size) {}

  /** The file at {@code path}, or {@code null} if it is gone or not a regular file. */
  static Listed list(Path path) {
    try {
      BasicFileAttributes basic =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!basic.isRegularFile()) {
        return null;
      }
      return new Listed(path, key(path, basic), basic.size());
    } catch (IOException e) {
      return null; // gone between listing and reading its attributes
    }
  }

  private static String key(Path path, BasicFileAttributes basic) {
    try {
      Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino");
      return unix.get("dev") + ":" + unix.get("ino");
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      Object key = basic.fileKey();
      return key != null ? key.toString() : path.toString();
    }
  }

  /** The fingerprint of the first {@code length} bytes, or {@code null} if there are fewer. */
  static Long fingerprint(Path path, int length) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return fingerprint(channel, length);
    } catch (IOException e) {
      return null;
    }
  }

  static Long fingerprint(FileChannel channel, int length) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(length);
    while (head.hasRemaining()) {
      if (channel.read(head, head.position()) < 0) {
        return null;
      }
    }
    return hash(head.array(), length);
  }

  static long hash(byte[] bytes, int length) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
    sha.update(bytes, 0, length);
    return ByteBuffer.wrap(sha.digest()).getLong();
  }
}
