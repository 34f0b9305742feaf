package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code schedules}; {@code spec} is the jsonb value as text. */
public record ScheduleRow(
    UUID id,
    UUID pipelineId,
    String kind,
    String spec,
    boolean paused,
    String status,
    String attention,
    Instant failuresSince,
    Instant lastFireAt,
    Instant createdAt,
    Instant updatedAt) {}
