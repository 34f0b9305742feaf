package io.sluice.catalog;

import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it: never with the password hash. */
public record User(
    UUID id,
    String username,
    UserRole role,
    boolean mustChangePassword,
    boolean disabled,
    Instant createdAt,
    Instant updatedAt) {}
