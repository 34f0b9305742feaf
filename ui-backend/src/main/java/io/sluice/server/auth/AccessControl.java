package io.sluice.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import io.sluice.server.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call what, checked before every matched route, and the audit row of every successful
 * write.
 *
 * <ul>
 *   <li>The caller is the user of an {@code Authorization: Bearer sluice_...} token or, without
 *       one, of the {@code sluice_session} cookie.
 *   <li>A route's {@link Role} is declared at registration. A route under {@code /api} or {@code
 *       /metrics} without one is refused (fail closed); {@link #undeclared} lists them for tests.
 *   <li>No caller: 401. A caller whose role is too low, or who must change a generated password
 *       first: 403.
 *   <li>A write (anything but GET, HEAD, OPTIONS) authenticated by the session cookie must send the
 *       session's CSRF token in {@code X-CSRF-Token}; bearer tokens need none (a browser never
 *       sends them by itself).
 * </ul>
 */
public final class AccessControl {
  public static final String SESSION_COOKIE = "sluice_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  static final String PRINCIPAL = "sluice.principal";
  private static final String ROUTE = "sluice.route";
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final AuthService auth;
  private final Audit audit;

  public AccessControl(AuthService auth, Audit audit) {
    this.auth = auth;
    this.audit = audit;
  }

  public void register(RoutesConfig routes) {
    routes.beforeMatched(this::check);
    routes.after(this::recordWrite);
  }

  /** The caller of this request, when it passed the check with credentials. */
  public static Optional<Principal> principal(Context ctx) {
    return Optional.ofNullable(ctx.attribute(PRINCIPAL));
  }

  /** The caller, for routes that require one (every role but {@link Role#ANYONE}). */
  public static Principal caller(Context ctx) {
    return principal(ctx)
        .orElseThrow(() -> ApiException.unauthorized("unauthenticated", "Log in first."));
  }

  /** Every route under /api or /metrics registered without a role: the server refuses them. */
  public static List<String> undeclared(List<ParsedEndpoint> endpoints) {
    List<String> out = new ArrayList<>();
    for (ParsedEndpoint parsed : endpoints) {
      Endpoint e = parsed.endpoint;
      Roles roles = e.metadata(Roles.class);
      if (e.method.isHttpMethod()
          && guarded(e.path)
          && (roles == null || roles.getRoles().isEmpty())) {
        out.add(e.method.name() + " " + e.path);
      }
    }
    return out;
  }

  /** The declared role of a route (null when there is none). */
  public static Role roleOf(Endpoint endpoint) {
    Roles roles = endpoint.metadata(Roles.class);
    if (roles == null) {
      return null;
    }
    return roles.getRoles().stream()
        .filter(Role.class::isInstance)
        .map(Role.class::cast)
        .findFirst()
        .orElse(null);
  }

  private static boolean guarded(String path) {
    return path.startsWith("/api") || path.equals("/metrics") || path.startsWith("/metrics/");
  }

  private void check(Context ctx) {
    ctx.attribute(Audit.ATTRIBUTE, audit);
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched != null) {
      ctx.attribute(ROUTE, matched.method.name() + " " + matched.path);
    }
    Set<RouteRole> declared = ctx.routeRoles();
    Role role =
        declared.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .findFirst()
            .orElse(null);
    if (role == null) {
      if (guarded(ctx.path())) {
        throw ApiException.forbidden(
            "route-without-role",
            "The route "
                + ctx.method()
                + " "
                + ctx.path()
                + " declares no role, so nobody may call it.");
      }
      return; // the UI's static files and the single-page app's index
    }
    Optional<Principal> caller = identify(ctx);
    caller.ifPresent(p -> ctx.attribute(PRINCIPAL, p));
    if (role == Role.ANYONE) {
      return;
    }
    if (caller.isEmpty()) {
      throw ApiException.unauthorized(
          "unauthenticated",
          "Log in (POST /api/auth/login) or send 'Authorization: Bearer <token>'.");
    }
    Principal p = caller.get();
    if (p.via() == Principal.Via.SESSION && !SAFE.contains(ctx.method())) {
      String sent = ctx.header(CSRF_HEADER);
      if (!Hashes.constantTimeEquals(sent, p.csrfToken())) {
        throw ApiException.forbidden(
            "csrf-token-invalid",
            "A write with the session cookie must send the session's CSRF token in the "
                + CSRF_HEADER
                + " header (GET /api/auth/me returns it).");
      }
    }
    if (role != Role.AUTHENTICATED && p.user().mustChangePassword()) {
      throw ApiException.forbidden(
          "password-change-required",
          "'"
              + p.username()
              + "' must change the generated password first (POST /api/auth/password).");
    }
    if (!p.user().role().includes(role.minimum())) {
      throw ApiException.forbidden(
          "insufficient-role",
          "This needs the role '"
              + role.minimum().wireName()
              + "'; '"
              + p.username()
              + "' is "
              + p.user().role().wireName()
              + ".");
    }
  }

  private Optional<Principal> identify(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw ApiException.unauthorized(
            "invalid-credentials", "Only 'Authorization: Bearer <token>' is understood.");
      }
      return Optional.of(
          auth.byToken(authorization.substring(7).strip())
              .orElseThrow(
                  () ->
                      ApiException.unauthorized(
                          "invalid-token", "The API token is unknown, revoked or expired.")));
    }
    String cookie = ctx.cookie(SESSION_COOKIE);
    if (cookie == null || cookie.isBlank()) {
      return Optional.empty();
    }
    return auth.bySession(cookie);
  }

  private void recordWrite(Context ctx) {
    String route = ctx.attribute(ROUTE);
    if (route == null
        || SAFE.contains(ctx.method())
        || ctx.statusCode() >= 400
        || !route.contains(" /api")
        || Boolean.TRUE.equals(ctx.attribute(Audit.RECORDED))
        || AuditActions.NOT_CHANGES.contains(route)) {
      return;
    }
    AuditActions.Action action = AuditActions.BY_ROUTE.get(route);
    Map<String, String> params = ctx.pathParamMap();
    String targetId = params.getOrDefault("id", params.getOrDefault("runId", null));
    if (targetId == null && ctx.res().getHeader("Location") != null) {
      String location = ctx.res().getHeader("Location");
      targetId = location.substring(location.lastIndexOf('/') + 1);
    }
    String targetType = action == null ? null : action.targetType();
    if (action != null && route.equals("POST /api/pipelines")) {
      targetType = "pipeline";
    }
    Map<String, Object> detail = new java.util.LinkedHashMap<>();
    detail.put("route", route);
    detail.put("status", ctx.statusCode());
    String location = ctx.res().getHeader("Location");
    if (location != null) {
      detail.put("location", location);
    }
    Principal caller = ctx.attribute(PRINCIPAL);
    audit.append(
        caller == null ? null : caller.user().id(),
        caller == null ? null : caller.username(),
        action == null ? route : action.name(),
        targetType,
        targetId,
        detail,
        ctx);
  }
}
