package io.sluice.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sluice.catalog.AuditCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The audit log as routes write it. One line in a handler records who (the caller), what, when and
 * from where (remote address and user agent of the request):
 *
 * <pre>{@code
 * Audit.record(ctx, "connection.create", "connection", id.toString(), Map.of("name", name));
 * }</pre>
 *
 * <p>A successful write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) under {@code
 * /api} that did not call {@link #record} is still recorded, by {@link AccessControl}, with the
 * action named in {@link AuditActions} (or the route itself). {@code detail} must never hold
 * secrets: it is shown to admins as is. Thread-safe.
 */
public final class Audit {
  static final String ATTRIBUTE = "sluice.audit";
  static final String RECORDED = "sluice.audit.recorded";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditCatalog catalog;
  private final Duration retention;
  private final Clock clock;

  public Audit(AuditCatalog catalog, Duration retention, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Records a change made by the caller of {@code ctx}.
   *
   * @param detail a small map of plain values (names, versions, counts), never secrets
   */
  public static void record(
      Context ctx, String action, String targetType, String targetId, Map<String, ?> detail) {
    Audit audit = ctx.attribute(ATTRIBUTE);
    if (audit == null) {
      throw new IllegalStateException(
          "Audit.record outside a request that passed AccessControl: " + ctx.path());
    }
    Principal caller = ctx.attribute(AccessControl.PRINCIPAL);
    audit.append(
        caller == null ? null : caller.user().id(),
        caller == null ? null : caller.username(),
        action,
        targetType,
        targetId,
        detail,
        ctx);
    ctx.attribute(RECORDED, Boolean.TRUE);
  }

  /**
   * Records an action of an actor other than the request's caller: the user who just logged in, or
   * the name a failed login claimed ({@code actorId} null).
   */
  public static void recordAs(
      Context ctx,
      java.util.UUID actorId,
      String actor,
      String action,
      String targetType,
      String targetId,
      Map<String, ?> detail) {
    Audit audit = ctx.attribute(ATTRIBUTE);
    if (audit == null) {
      throw new IllegalStateException(
          "Audit.recordAs outside a request that passed AccessControl: " + ctx.path());
    }
    audit.append(actorId, actor, action, targetType, targetId, detail, ctx);
    ctx.attribute(RECORDED, Boolean.TRUE);
  }

  /** Records an action of a known or claimed actor, such as a login attempt. */
  void append(
      java.util.UUID actorId,
      String actor,
      String action,
      String targetType,
      String targetId,
      Map<String, ?> detail,
      Context ctx) {
    ObjectNode json = JSON.createObjectNode();
    if (detail != null) {
      detail.forEach((k, v) -> json.set(k, JSON.valueToTree(v)));
    }
    catalog.append(
        new AuditCatalog.Append(
            actorId, actor, action, targetType, targetId, json, ctx.ip(), ctx.userAgent()));
  }

  /** Deletes rows older than the retention, if one is set; returns how many. */
  public int trim() {
    return retention == null ? 0 : catalog.deleteOlderThan(clock.instant().minus(retention));
  }
}
