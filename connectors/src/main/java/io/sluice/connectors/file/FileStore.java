package io.sluice.connectors.file;

import io.sluice.connectors.file.split.FileSplit;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where the files of a file source live: lists the files ready to be read and opens one at a byte
 * offset. A local directory ({@link LocalDirectoryStore}) or an S3 prefix ({@code S3ObjectStore}).
 * Not thread-safe; the enumerator and each split reader have their own.
 */
public interface FileStore extends Closeable {

  /**
   * The files ready to be read, as unread splits, in {@link
   * io.sluice.connectors.file.enumerator.DirectoryScanner#ORDER}; fails when the location itself
   * cannot be listed.
   */
  List<FileSplit> list() throws IOException;

  /** The bytes of {@code split} not read yet, as far as known; 0 for a file that is gone. */
  long remainingBytes(FileSplit split);

  /**
   * The file from {@code offset} on.
   *
   * @throws java.nio.file.NoSuchFileException when it no longer exists
   */
  InputStream open(String path, long offset) throws IOException;

  /** The location, for log messages and errors. */
  String location();

  @Override
  default void close() throws IOException {}
}
