package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code sessions} joined with nothing: the user is looked up separately. */
public record SessionRow(
    String tokenHash, UUID userId, String csrfToken, Instant createdAt, Instant expiresAt) {}
