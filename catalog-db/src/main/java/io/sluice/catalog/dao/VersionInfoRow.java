package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code pipeline_versions} without the document. */
public record VersionInfoRow(
    UUID pipelineId, int number, String author, String message, Instant createdAt) {}
