package io.sluice.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * What should run when for one pipeline. {@code kind} is {@code continuous}, {@code cron} or {@code
 * backfill}; {@code spec} holds that kind's settings, read by the scheduler, not by the catalog.
 */
public record Schedule(
    UUID id,
    UUID pipelineId,
    String kind,
    JsonNode spec,
    boolean paused,
    ScheduleStatus status,
    String attention,
    Instant failuresSince,
    Instant lastFireAt,
    Instant createdAt,
    Instant updatedAt) {}
