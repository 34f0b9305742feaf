package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code users}; {@code passwordHash} is an Argon2id PHC string. */
public record UserRow(
    UUID id,
    String username,
    String role,
    String passwordHash,
    boolean mustChangePassword,
    boolean disabled,
    Instant createdAt,
    Instant updatedAt) {}
