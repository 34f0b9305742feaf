package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code runs}; {@code plan} is the jsonb value as text. */
public record RunRow(
    UUID id,
    UUID pipelineId,
    int version,
    String desiredState,
    String state,
    String plan,
    String engine,
    String flinkVersion,
    String jobId,
    String failure,
    String restoredFrom,
    String savepointPath,
    String checkpointPath,
    String startedBy,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt,
    UUID scheduleId,
    Long reconcilerEpoch,
    String owner) {}
