package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The head of a pipeline: what a list shows, without any document. */
public record PipelineSummary(
    UUID id,
    String name,
    String description,
    int latestVersion,
    Instant createdAt,
    Instant updatedAt) {

  public PipelineSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
