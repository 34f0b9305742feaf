package io.sluice.connectors.s3.source;

import io.sluice.connectors.file.FileStore;
import io.sluice.connectors.file.enumerator.DirectoryScanner;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.connectors.s3.S3Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under a prefix of a bucket, as a {@link FileStore}: a file's path is its {@code
 * s3://bucket/key}, its modification time the object's last-modified time.
 *
 * <p>A listing pages through every key under the prefix (S3 returns keys in lexicographic order,
 * 1,000 a page, with no way to ask for "modified since"), so its cost grows with the objects kept
 * under the prefix; which objects still need reading is decided by the enumerator's bounded state,
 * not here. Objects are skipped like hidden or temporary files of a directory: a key segment
 * starting with {@code .} or {@code _}, or a name ending in {@code .tmp}, {@code .part}, … and
 * "folder" markers ending in {@code /}.
 *
 * <p>Thread-safe: the enumerator lists on a worker thread and asks sizes on its own.
 */
final class S3PrefixStore implements FileStore {
  private final S3Connection connection;
  private final String prefix;
  private final String glob;
  private final boolean matchWholeKey;
  private final S3Client client;

  /** Sizes of the objects of the latest listing, for the source's lag in bytes. */
  private final Map<String, Long> sizes = new ConcurrentHashMap<>();

  S3PrefixStore(S3SourceSettings settings) {
    this.connection = settings.connection();
    this.prefix = settings.prefix();
    this.glob = settings.glob();
    this.matchWholeKey = glob.contains("/");
    this.client = connection.client();
  }

  @Override
  public List<FileSplit> list() throws IOException {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<FileSplit> found = new ArrayList<>();
    Map<String, Long> listed = new java.util.HashMap<>();
    try {
      for (S3Object object :
          client
              .listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(connection.bucket())
                      .prefix(prefix.isEmpty() ? null : prefix)
                      .build())
              .contents()) {
        String relative = object.key().substring(prefix.length());
        while (relative.startsWith("/")) {
          relative = relative.substring(1); // prefix "in" and key "in/a.csv"
        }
        if (relative.isEmpty() || relative.endsWith("/") || !matches(matcher, relative)) {
          continue;
        }
        String uri = connection.uri(object.key());
        found.add(FileSplit.unread(uri, object.lastModified().toEpochMilli()));
        listed.put(uri, object.size());
      }
    } catch (SdkException e) {
      throw new IOException("Cannot list " + location() + ": " + e.getMessage(), e);
    }
    sizes.keySet().retainAll(listed.keySet());
    sizes.putAll(listed);
    found.sort(DirectoryScanner.ORDER);
    return found;
  }

  private boolean matches(PathMatcher matcher, String relative) {
    String[] segments = relative.split("/");
    for (String segment : segments) {
      if (segment.isEmpty() || DirectoryScanner.isIgnoredName(segment)) {
        return false;
      }
    }
    try {
      return matcher.matches(Path.of(matchWholeKey ? relative : segments[segments.length - 1]));
    } catch (InvalidPathException e) {
      return false; // a key no path can hold (a NUL byte) matches no glob
    }
  }

  @Override
  public long remainingBytes(FileSplit split) {
    Long size = sizes.get(split.path());
    return size == null ? 0 : Math.max(0, size - split.offset());
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(connection.bucket()).key(connection.keyOf(path));
    if (offset > 0) {
      request.range("bytes=" + offset + "-");
    }
    try {
      return client.getObject(request.build());
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(path);
    } catch (S3Exception e) {
      if (e.statusCode() == 416 && offset > 0) {
        return InputStream.nullInputStream(); // restored at the very end of the object
      }
      throw new IOException("Cannot read " + path + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return connection.uri(prefix);
  }

  @Override
  public void close() {
    client.close();
  }
}
