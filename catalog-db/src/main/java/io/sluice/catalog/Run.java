package io.sluice.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One start of one pipeline version: what ran (version, compiled plan, engine and Flink version),
 * where it is (state, Flink job id) and where its progress is kept (checkpoint and savepoint
 * paths). {@code scheduleId} names the schedule that started it (null when started by hand) and
 * {@code reconcilerEpoch} the lease epoch under which the reconciler started it; {@code owner} is
 * the id of the backend whose engine runs it (null for runs recorded before backends had ids).
 */
public record Run(
    UUID id,
    UUID pipelineId,
    int version,
    boolean desiredRunning,
    RunState state,
    JsonNode plan,
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
