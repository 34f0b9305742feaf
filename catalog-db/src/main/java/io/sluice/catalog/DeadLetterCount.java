package io.sluice.catalog;

/**
 * How many dead letters a node of a pipeline has.
 *
 * @param node the node
 * @param total every dead letter of the node
 * @param replayed those a finished replay run sent back through the pipeline
 * @param pending those taken by a replay run that has not finished
 */
public record DeadLetterCount(String node, long total, long replayed, long pending) {
  /** Neither replayed nor being replayed. */
  public long waiting() {
    return total - replayed - pending;
  }
}
