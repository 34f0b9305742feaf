package io.sluice.catalog.dao;

import java.time.Instant;

/** A row of {@code connections}; {@code settings} and {@code secrets} as JSON text. */
public record ConnectionRow(
    String name,
    String kind,
    String description,
    String settings,
    String secrets,
    Instant createdAt,
    Instant updatedAt) {}
