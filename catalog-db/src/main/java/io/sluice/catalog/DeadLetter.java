package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A record a pipeline could not handle, as its dead-letter sink committed it to the catalog.
 *
 * @param id increasing in commit order; the cursor of a listing
 * @param runId the run that was active when it was committed (null if none was, as for rows written
 *     before runs kept their times)
 * @param node the node that rejected it
 * @param source where it came from: {@code <file>:<line>} for a source, the upstream node for a
 *     filter or derive
 * @param at when it was committed
 * @param reason why it was rejected
 * @param raw the record as read (a line), or for a filter or derive its fields as JSON
 * @param replayRunId the replay run that took it, if any
 * @param replayedAt when that replay run finished, which is when the record counts as replayed
 */
public record DeadLetter(
    long id,
    UUID runId,
    String node,
    String source,
    Instant at,
    String reason,
    String raw,
    UUID replayRunId,
    Instant replayedAt) {

  public DeadLetter {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }

  /** Taken by a replay run that has not finished (yet). */
  public boolean replayPending() {
    return replayRunId != null && replayedAt == null;
  }
}
