package io.sluice.catalog.dao;

import java.time.Instant;

/** A row of {@code login_failures} without its key. */
public record LoginFailureRow(int failures, Instant firstAt) {}
