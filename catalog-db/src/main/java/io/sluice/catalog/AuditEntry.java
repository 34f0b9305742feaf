package io.sluice.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the audit log: who ({@code actor}, null when anonymous) did what ({@code action} on
 * {@code targetType}/{@code targetId}, with a small {@code detail} without secrets), when and from
 * where.
 */
public record AuditEntry(
    long id,
    Instant at,
    UUID actorId,
    String actor,
    String action,
    String targetType,
    String targetId,
    JsonNode detail,
    String remoteAddr,
    String userAgent) {}
