package io.sluice.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One saved, immutable version of a pipeline document. The document is a JSON object; its key order
 * is not preserved (the catalog stores it as {@code jsonb}), everything else is.
 */
public record PipelineVersion(
    UUID pipelineId,
    int number,
    JsonNode document,
    String author,
    String message,
    Instant createdAt) {

  public PipelineVersion {
    Objects.requireNonNull(pipelineId, "pipelineId");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** This version without its document. */
  public VersionInfo info() {
    return new VersionInfo(pipelineId, number, author, message, createdAt);
  }
}
