package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code pipeline_versions}; {@code document} is the jsonb value as text. */
public record VersionRow(
    UUID pipelineId,
    int number,
    String document,
    String author,
    String message,
    Instant createdAt) {}
