package io.sluice.catalog.dao;

import java.util.UUID;

/** A row of {@code pipeline_secrets}; {@code envelope} is the jsonb value as text. */
public record PipelineSecretRow(
    UUID pipelineId, int version, String nodeId, String field, String envelope) {}
