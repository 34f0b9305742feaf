package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A version's metadata without its document, for history lists. */
public record VersionInfo(
    UUID pipelineId, int number, String author, String message, Instant createdAt) {

  public VersionInfo {
    Objects.requireNonNull(pipelineId, "pipelineId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
