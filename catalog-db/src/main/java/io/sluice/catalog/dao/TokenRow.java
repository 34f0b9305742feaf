package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_tokens} with its owner's user name. */
public record TokenRow(
    UUID id,
    UUID userId,
    String username,
    String name,
    String prefix,
    String secretHash,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {}
