package io.sluice.executor.preview;

/**
 * A preview that cannot run as asked, because of something the person can change: a sample for a
 * node that reads no files, a source a preview cannot read, a directory that cannot be listed. It
 * names the node and config field, like a validation problem.
 */
public final class PreviewException extends RuntimeException {
  private final String nodeId;
  private final String field;

  public PreviewException(String nodeId, String field, String message) {
    super(message);
    this.nodeId = nodeId;
    this.field = field;
  }

  /** The node the problem is on, or null. */
  public String nodeId() {
    return nodeId;
  }

  /** The config field, such as {@code config.path}, or null. */
  public String field() {
    return field;
  }
}
