package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The counters of one node of one run at its newest metrics sample: {@code recordsIn} (for a
 * source, the records it read; for a sink, the records that reached it) and {@code recordsOut}.
 * Either may be null where the engine does not count it.
 */
public record NodeTotal(UUID runId, String nodeId, Instant at, Long recordsIn, Long recordsOut) {
  public NodeTotal {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(at, "at");
  }
}
