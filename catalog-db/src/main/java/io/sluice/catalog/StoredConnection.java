package io.sluice.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A connection as the catalog holds it: plain settings, and secrets as sealed envelopes that only
 * the backend's master keys open.
 *
 * @param settings the plain fields by name
 * @param secrets each secret field's envelope {@code {"keyId", "nonce", "ciphertext"}} by name
 */
public record StoredConnection(
    String name,
    String kind,
    String description,
    ObjectNode settings,
    ObjectNode secrets,
    Instant createdAt,
    Instant updatedAt) {
  public StoredConnection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    settings = settings.deepCopy();
    secrets = secrets.deepCopy();
  }

  @Override
  public ObjectNode settings() {
    return settings.deepCopy();
  }

  @Override
  public ObjectNode secrets() {
    return secrets.deepCopy();
  }

  @Override
  public String toString() {
    return "StoredConnection[name=" + name + ", kind=" + kind + "]";
  }
}
