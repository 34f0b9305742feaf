package io.sluice.catalog;

import java.time.Instant;
import java.util.UUID;

/** An API token without its secret; {@code prefix} is the public part that names it. */
public record ApiToken(
    UUID id,
    UUID userId,
    String username,
    String name,
    String prefix,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
