package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A run's job-level metrics at one moment (or over one step of a series). Values are null where
 * they were not measured.
 *
 * @param at the moment; in a series, the start of the step
 */
public record RunSample(
    Instant at,
    Long checkpointsCompleted,
    Long checkpointsFailed,
    Long checkpointsInProgress,
    Instant lastCheckpointAt,
    Long lastCheckpointDurationMs,
    Long lastCheckpointSizeBytes,
    Long restarts,
    Long uptimeMs,
    Long deadLetter) {

  public RunSample {
    Objects.requireNonNull(at, "at");
  }
}
