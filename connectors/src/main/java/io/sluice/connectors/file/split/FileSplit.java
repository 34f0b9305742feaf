package io.sluice.connectors.file.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One file to read, and how far it has been read: the byte offset and line number of the next
 * record. A file is read by one reader from start to end, so a split restored from a checkpoint
 * resumes at the first record not yet emitted, without repeating or skipping one. Files are
 * immutable once discovered; the reader does not notice appends.
 *
 * @param path the absolute path, also the split id
 * @param modificationTime the file's modification time (epoch millis) when it was discovered
 * @param offset the byte offset of the next record
 * @param line the 1-based line number of the next record, for dead-letter sources
 */
public record FileSplit(String path, long modificationTime, long offset, long line)
    implements SourceSplit {

  public FileSplit {
    Objects.requireNonNull(path, "path");
    if (offset < 0 || line < 1) {
      throw new IllegalArgumentException(
          "Offset must be >= 0 and line >= 1, got " + offset + " and " + line);
    }
  }

  /** A file not read yet. */
  public static FileSplit unread(String path, long modificationTime) {
    return new FileSplit(path, modificationTime, 0, 1);
  }

  @Override
  public String splitId() {
    return path;
  }

  public FileSplit at(long offset, long line) {
    return new FileSplit(path, modificationTime, offset, line);
  }
}
