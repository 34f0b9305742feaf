package io.sluice.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.AuditCatalog;
import io.sluice.catalog.AuditEntry;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/audit}: the audit log, newest first, filtered by actor, action (a prefix such as
 * {@code pipeline} matches {@code pipeline.*}), target and time, paged by the id cursor {@code
 * before}.
 */
public final class AuditRoutes {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  private final AuditCatalog audit;

  public AuditRoutes(AuditCatalog audit) {
    this.audit = audit;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/audit", this::search, Role.ADMIN);
  }

  record Page(List<AuditEntry> entries, Long nextBefore) {}

  private void search(Context ctx) {
    List<Problem> problems = new ArrayList<>();
    Instant from = instant(ctx, "from", problems);
    Instant to = instant(ctx, "to", problems);
    Long before = number(ctx, "before", 1, Long.MAX_VALUE, problems);
    Long limitParam = number(ctx, "limit", 1, MAX_LIMIT, problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          "invalid-query-parameter",
          problems.size() == 1 ? problems.get(0).message() : "Some query parameters are invalid.",
          problems);
    }
    int limit = limitParam == null ? DEFAULT_LIMIT : limitParam.intValue();
    List<AuditEntry> rows =
        audit.search(
            new AuditCatalog.Filter(
                blankToNull(ctx.queryParam("actor")),
                blankToNull(ctx.queryParam("action")),
                blankToNull(ctx.queryParam("targetType")),
                blankToNull(ctx.queryParam("targetId")),
                from,
                to,
                before),
            limit + 1);
    boolean more = rows.size() > limit;
    List<AuditEntry> page = more ? rows.subList(0, limit) : rows;
    ctx.json(new Page(page, more ? page.get(page.size() - 1).id() : null));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Instant instant(Context ctx, String name, List<Problem> problems) {
    String raw = blankToNull(ctx.queryParam(name));
    if (raw == null) {
      return null;
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      problems.add(
          new Problem(
              null,
              name,
              "invalid-query-parameter",
              "'"
                  + name
                  + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '"
                  + raw
                  + "'."));
      return null;
    }
  }

  private static Long number(Context ctx, String name, long min, long max, List<Problem> problems) {
    String raw = blankToNull(ctx.queryParam(name));
    if (raw == null) {
      return null;
    }
    try {
      long value = Long.parseLong(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(
        new Problem(
            null,
            name,
            "invalid-query-parameter",
            "'"
                + name
                + "' must be a whole number from "
                + min
                + " to "
                + max
                + ", was '"
                + raw
                + "'."));
    return null;
  }
}
