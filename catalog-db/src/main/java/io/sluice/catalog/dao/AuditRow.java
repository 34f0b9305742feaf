package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code audit_log}; {@code detail} is the jsonb value as text. */
public record AuditRow(
    long id,
    Instant at,
    UUID actorId,
    String actor,
    String action,
    String targetType,
    String targetId,
    String detail,
    String remoteAddr,
    String userAgent) {}
