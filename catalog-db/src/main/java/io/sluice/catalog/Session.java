package io.sluice.catalog;

import java.time.Instant;
import java.util.UUID;

/** A browser session, found by the hash of its cookie. */
public record Session(UUID userId, String csrfToken, Instant createdAt, Instant expiresAt) {}
