package io.sluice.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A secret typed into a pipeline document, as the catalog keeps it: beside the version's document,
 * sealed by the backend. The catalog never sees the plain value.
 *
 * <p>Where it belongs: a node's config field ({@code db}, {@code password}), one secret property of
 * a node's Kafka properties ({@code src}, {@code consumerProperties:ssl.key.password}), or the
 * dead-letter target of the settings ({@code settings}, {@code deadLetter.password}).
 *
 * @param nodeId the node whose config field it is, or {@code settings}
 * @param field the config field, such as {@code password}
 * @param envelope {@code {"keyId", "nonce", "ciphertext"}}
 */
public record SealedSecret(String nodeId, String field, JsonNode envelope) {
  public SealedSecret {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(envelope, "envelope");
    if (!envelope.isObject()) {
      throw new IllegalArgumentException("An envelope is a JSON object");
    }
  }

  /** One sealed secret of one version, for a rotation that walks them all. */
  public record Stored(java.util.UUID pipelineId, int version, SealedSecret secret) {}
}
