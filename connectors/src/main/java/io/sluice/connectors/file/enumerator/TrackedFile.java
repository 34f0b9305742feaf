package io.sluice.connectors.file.enumerator;

import java.util.Objects;

/** A file the enumerator has handed to a reader. */
public record TrackedFile(String path, long modificationTime) {
  public TrackedFile {
    Objects.requireNonNull(path, "path");
  }
}
