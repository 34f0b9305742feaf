package io.sluice.server.secrets;

import io.sluice.server.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that seal secrets: the current one, which seals, and older ones, which still open
 * what they sealed until a rotation re-seals it.
 *
 * <p>Keys are 32 random bytes in base64, listed newest first, separated by commas or new lines, in
 * {@code SLUICE_MASTER_KEY} or in the file named by {@code SLUICE_MASTER_KEY_FILE}. With neither,
 * the key file {@code master.key} in the data directory is used, and made (mode 0600) at the first
 * start. A key's id is the first 8 bytes of its SHA-256 in hex: it names the key in each envelope
 * without revealing anything of it.
 *
 * <pre>{@code
 * MasterKeys keys = MasterKeys.load(System.getenv("SLUICE_MASTER_KEY"), null, dataDir);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MasterKeys {
  /** The file in the data directory that holds the generated key. */
  public static final String DEFAULT_FILE = "master.key";

  private static final int KEY_BYTES = 32;

  private final String currentId;
  private final Map<String, SecretKey> keys;
  private final String source;

  private MasterKeys(List<byte[]> raw, String source) {
    Map<String, SecretKey> byId = new LinkedHashMap<>();
    for (byte[] key : raw) {
      byId.putIfAbsent(idOf(key), new SecretKeySpec(key, "AES"));
    }
    this.keys = java.util.Collections.unmodifiableMap(byId);
    this.currentId = byId.keySet().iterator().next();
    this.source = source;
  }

  /**
   * The keys of {@code keysText} if set, else of {@code keyFile} if set, else of the data
   * directory's key file, made at the first start.
   *
   * @throws ConfigException for a key that is not 32 bytes of base64, or an unreadable file
   */
  public static MasterKeys load(String keysText, Path keyFile, Path dataDir) {
    if (keysText != null && !keysText.isBlank()) {
      return new MasterKeys(parse(keysText, "SLUICE_MASTER_KEY"), "SLUICE_MASTER_KEY");
    }
    if (keyFile != null) {
      return new MasterKeys(parse(read(keyFile), "key file " + keyFile), "key file " + keyFile);
    }
    Path file = dataDir.resolve(DEFAULT_FILE);
    if (!Files.exists(file)) {
      generate(file);
    }
    return new MasterKeys(parse(read(file), "key file " + file), "key file " + file);
  }

  /** A fresh random key in base64, as a key file or SLUICE_MASTER_KEY holds it. */
  public static String newKeyText() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** The id of the key that seals. */
  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  Optional<SecretKey> find(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Every key id, newest first. */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  /** Where the keys came from, for the log: a variable or file name, never a key. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "MasterKeys[current=" + currentId + ", keys=" + keys.size() + ", from " + source + "]";
  }

  static String idOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static List<byte[]> parse(String text, String where) {
    List<byte[]> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int n = 0;
    for (String part : text.split("[,\\s]+")) {
      if (part.isBlank() || part.startsWith("#")) {
        continue;
      }
      n++;
      byte[] key;
      try {
        key = Base64.getDecoder().decode(part.strip());
      } catch (IllegalArgumentException e) {
        problems.add("master key " + n + " in " + where + " is not base64");
        continue;
      }
      if (key.length != KEY_BYTES) {
        problems.add(
            "master key "
                + n
                + " in "
                + where
                + " is "
                + key.length
                + " bytes; AES-256 needs 32 (make one with: openssl rand -base64 32)");
        continue;
      }
      keys.add(key);
    }
    if (keys.isEmpty() && problems.isEmpty()) {
      problems.add(where + " holds no master key");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return keys;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigException(
          List.of("cannot read the master key file " + file + ": " + e.getMessage()));
    }
  }

  private static void generate(Path file) {
    try {
      Files.createDirectories(file.getParent());
      byte[] text = (newKeyText() + "\n").getBytes(StandardCharsets.US_ASCII);
      try {
        // Created with 0600 from the start, so the key is never readable by others, not even
        // between creating the file and setting its mode.
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      // another start made it first: use theirs
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the master key file " + file, e);
    }
  }
}
