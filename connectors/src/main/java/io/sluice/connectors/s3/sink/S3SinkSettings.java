package io.sluice.connectors.s3.sink;

import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.s3.S3Connection;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link S3Sink} writes and where.
 *
 * <pre>{@code
 * new S3SinkSettings(connection, "out/orders/", "part", FileFormat.CSV, ',', names,
 *     S3SinkSettings.DEFAULT_PART_SIZE, S3SinkSettings.DEFAULT_MAX_FILE_SIZE)
 * }</pre>
 *
 * @param connection the bucket and how to reach it
 * @param prefix the key prefix objects are written under, such as {@code out/orders/}
 * @param filePrefix the start of each object's name after the prefix
 * @param format CSV (no header) or JSON lines
 * @param delimiter the CSV delimiter
 * @param fieldNames the names of the rows' fields, in order
 * @param partSize bytes buffered before a part is uploaded; at least 5 MiB (S3's minimum part)
 * @param maxFileSize bytes after which an object is finished and a new one started before the
 *     checkpoint; objects also end at every checkpoint
 */
public record S3SinkSettings(
    S3Connection connection,
    String prefix,
    String filePrefix,
    FileFormat format,
    char delimiter,
    List<String> fieldNames,
    int partSize,
    long maxFileSize)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** S3's smallest part but the last. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
  public static final long DEFAULT_MAX_FILE_SIZE = 256L * 1024 * 1024;

  public S3SinkSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(format, "format");
    prefix = prefix == null ? "" : prefix.strip();
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    if (filePrefix == null || !filePrefix.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "filePrefix must be letters, digits, _ . or - and not start with . or -, was "
              + filePrefix);
    }
    fieldNames = new ArrayList<>(fieldNames); // serializable, unlike List.of's on every JDK
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("partSize must be at least " + MIN_PART_SIZE);
    }
    if (maxFileSize < partSize) {
      throw new IllegalArgumentException("maxFileSize must be at least partSize");
    }
  }

  /** The suffix of the objects: {@code .csv} or {@code .jsonl}. */
  public String suffix() {
    return format == FileFormat.CSV ? ".csv" : ".jsonl";
  }
}
