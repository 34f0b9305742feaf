package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code pipelines}, without the soft-delete mark (DAOs only return live rows). */
public record PipelineRow(
    UUID id,
    String name,
    String description,
    int latestVersion,
    Instant createdAt,
    Instant updatedAt) {}
