package io.sluice.catalog.dao;

import java.time.Instant;

/** A run's {@code idle_records} and {@code idle_since}. */
public record IdleRow(long idleRecords, Instant idleSince) {}
