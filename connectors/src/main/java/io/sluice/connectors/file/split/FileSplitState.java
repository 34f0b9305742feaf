package io.sluice.connectors.file.split;

/**
 * The mutable position of a split being read, updated as each record is emitted. Not thread-safe:
 * only the reader's task thread touches it.
 */
public final class FileSplitState {
  private final FileSplit split;
  private long offset;
  private long line;

  public FileSplitState(FileSplit split) {
    this.split = split;
    this.offset = split.offset();
    this.line = split.line();
  }

  public void advanceTo(long offset, long line) {
    this.offset = offset;
    this.line = line;
  }

  public FileSplit toSplit() {
    return split.at(offset, line);
  }
}
