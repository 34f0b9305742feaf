package io.sluice.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.sluice.catalog.ApiToken;
import io.sluice.catalog.User;
import io.sluice.catalog.UserRole;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.AccessControl;
import io.sluice.server.auth.Audit;
import io.sluice.server.auth.AuthService;
import io.sluice.server.auth.Principal;
import io.sluice.server.auth.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Logging in and out, who am I, one's own password and API tokens ({@code /api/auth}, {@code
 * /api/tokens}), and the admin's users ({@code /api/users}).
 */
public final class AuthRoutes {
  private static final int MAX_TOKEN_NAME = 200;

  private final AuthService auth;
  private final ObjectMapper mapper;

  public AuthRoutes(AuthService auth, ObjectMapper mapper) {
    this.auth = auth;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/auth/login", this::login, Role.ANYONE);
    routes.post("/api/auth/logout", this::logout, Role.AUTHENTICATED);
    routes.get("/api/auth/me", this::me, Role.AUTHENTICATED);
    routes.post("/api/auth/password", this::changePassword, Role.AUTHENTICATED);

    routes.get("/api/tokens", this::listTokens, Role.VIEWER);
    routes.post("/api/tokens", this::createOwnToken, Role.VIEWER);
    routes.delete("/api/tokens/{tokenId}", this::revokeToken, Role.VIEWER);

    routes.get("/api/users", ctx -> ctx.json(auth.listUsers()), Role.ADMIN);
    routes.post("/api/users", this::createUser, Role.ADMIN);
    routes.get("/api/users/{userId}", ctx -> ctx.json(auth.user(userId(ctx))), Role.ADMIN);
    routes.patch("/api/users/{userId}", this::updateUser, Role.ADMIN);
    routes.post("/api/users/{userId}/password", this::resetPassword, Role.ADMIN);
    routes.post("/api/users/{userId}/tokens", this::createTokenFor, Role.ADMIN);
  }

  /** What a login and "who am I" answer. {@code csrfToken} is absent for bearer tokens. */
  record Me(User user, String via, String csrfToken, Instant expiresAt) {}

  private void login(Context ctx) {
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("username", "password"));
    String username = body.requiredString("username", 100);
    String password = body.requiredString("password", 1000);
    body.finish();
    AuthService.Login login;
    try {
      login = auth.login(username, password, ctx.ip(), ctx.userAgent());
    } catch (ApiException e) {
      Audit.recordAs(
          ctx, null, username, "login.failed", "user", null, Map.of("status", e.status()));
      throw e;
    }
    setSessionCookie(ctx, login);
    Audit.recordAs(
        ctx,
        login.user().id(),
        login.user().username(),
        "login.succeeded",
        "user",
        login.user().id().toString(),
        Map.of());
    ctx.json(new Me(login.user(), "session", login.csrfToken(), login.expiresAt()));
  }

  private void logout(Context ctx) {
    Principal caller = AccessControl.caller(ctx);
    String cookie = ctx.cookie(AccessControl.SESSION_COOKIE);
    if (caller.via() == Principal.Via.SESSION && cookie != null) {
      auth.logout(cookie);
    }
    clearSessionCookie(ctx);
    Audit.record(ctx, "logout", "user", caller.user().id().toString(), Map.of());
    ctx.status(204);
  }

  private void me(Context ctx) {
    Principal caller = AccessControl.caller(ctx);
    ctx.json(
        new Me(
            caller.user(),
            caller.via() == Principal.Via.SESSION ? "session" : "token",
            caller.csrfToken(),
            null));
  }

  private void changePassword(Context ctx) {
    Principal caller = AccessControl.caller(ctx);
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("currentPassword", "newPassword"));
    String current = body.requiredString("currentPassword", 1000);
    String next = body.requiredString("newPassword", 1000);
    body.finish();
    User user = auth.changeOwnPassword(caller.user().id(), current, next);
    Audit.record(ctx, "user.change-password", "user", user.id().toString(), Map.of());
    if (caller.via() == Principal.Via.SESSION) {
      // Changing the password ends every session; this browser gets a new one at once.
      AuthService.Login login = auth.newSession(user, ctx.ip(), ctx.userAgent());
      setSessionCookie(ctx, login);
      ctx.json(new Me(user, "session", login.csrfToken(), login.expiresAt()));
    } else {
      ctx.json(new Me(user, "token", null, null));
    }
  }

  /** A token as created: the only answer that ever holds its secret. */
  record CreatedToken(ApiToken token, String secret) {}

  private void listTokens(Context ctx) {
    Principal caller = AccessControl.caller(ctx);
    boolean all = "true".equalsIgnoreCase(ctx.queryParam("all"));
    if (all && caller.user().role() != UserRole.ADMIN) {
      throw ApiException.forbidden(
          "insufficient-role", "Only an admin may list the tokens of every user (all=true).");
    }
    ctx.json(auth.tokens(all ? null : caller.user().id()));
  }

  private void createOwnToken(Context ctx) {
    createToken(ctx, AccessControl.caller(ctx).user().id());
  }

  private void createTokenFor(Context ctx) {
    createToken(ctx, auth.user(userId(ctx)).id());
  }

  private void createToken(Context ctx, UUID owner) {
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("name", "expiresInDays"));
    String name = body.requiredString("name", MAX_TOKEN_NAME);
    Integer days = body.optionalInt("expiresInDays", 1);
    body.finish();
    Instant expires = days == null ? null : Instant.now().plus(java.time.Duration.ofDays(days));
    AuthService.NewToken created = auth.createToken(owner, name, expires);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("name", name);
    detail.put("owner", created.token().username());
    detail.put("prefix", created.token().prefix());
    Audit.record(ctx, "token.create", "token", created.token().id().toString(), detail);
    ctx.status(201)
        .header("Location", "/api/tokens/" + created.token().id())
        .json(new CreatedToken(created.token(), created.secret()));
  }

  private void revokeToken(Context ctx) {
    Principal caller = AccessControl.caller(ctx);
    UUID id = uuid(ctx, "tokenId", "API token");
    ApiToken token;
    try {
      token = auth.token(id);
    } catch (io.sluice.catalog.UserNotFoundException e) {
      throw ApiException.notFound(e.getMessage());
    }
    if (!token.userId().equals(caller.user().id()) && caller.user().role() != UserRole.ADMIN) {
      // Someone else's token is none of this caller's business, not even its existence.
      throw ApiException.notFound("No API token has the id '" + id + "'.");
    }
    ApiToken revoked = auth.revokeToken(id);
    Audit.record(
        ctx,
        "token.revoke",
        "token",
        id.toString(),
        Map.of("name", revoked.name(), "owner", revoked.username()));
    ctx.json(revoked);
  }

  private void createUser(Context ctx) {
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("username", "role", "password"));
    String username = body.requiredString("username", 100);
    String roleName = body.requiredString("role", 20);
    String password = body.requiredString("password", 1000);
    UserRole role = role(body, roleName);
    body.finish();
    User user = auth.createUser(username, role, password);
    Audit.record(
        ctx,
        "user.create",
        "user",
        user.id().toString(),
        Map.of("username", user.username(), "role", role.wireName()));
    ctx.status(201).header("Location", "/api/users/" + user.id()).json(user);
  }

  private void updateUser(Context ctx) {
    UUID id = userId(ctx);
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("role", "disabled"));
    String roleName = body.optionalString("role", 20);
    Boolean disabled = body.optionalBoolean("disabled");
    UserRole role = roleName == null ? null : role(body, roleName);
    body.finish();
    User user = auth.user(id);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("username", user.username());
    if (role != null && role != user.role()) {
      user = auth.setRole(id, role);
      detail.put("role", role.wireName());
    }
    if (disabled != null && disabled != user.disabled()) {
      user = auth.setDisabled(id, disabled);
      detail.put("disabled", disabled);
    }
    Audit.record(ctx, "user.update", "user", id.toString(), detail);
    ctx.json(user);
  }

  private void resetPassword(Context ctx) {
    UUID id = userId(ctx);
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("password"));
    String password = body.requiredString("password", 1000);
    body.finish();
    User user = auth.resetPassword(id, password);
    Audit.record(
        ctx, "user.reset-password", "user", id.toString(), Map.of("username", user.username()));
    ctx.json(user);
  }

  private static UserRole role(BodyReader body, String name) {
    if (name == null) {
      return null;
    }
    return UserRole.fromWire(name)
        .orElseGet(
            () -> {
              body.problem(
                  new Problem(
                      null,
                      "role",
                      "invalid-role",
                      "'role' must be viewer, editor or admin, was '" + name + "'."));
              return null;
            });
  }

  private void setSessionCookie(Context ctx, AuthService.Login login) {
    long seconds =
        Math.max(1, java.time.Duration.between(Instant.now(), login.expiresAt()).toSeconds());
    ctx.cookie(
        new Cookie(
            AccessControl.SESSION_COOKIE,
            login.sessionSecret(),
            "/",
            (int) Math.min(Integer.MAX_VALUE, seconds),
            secure(ctx),
            true,
            null,
            SameSite.STRICT));
  }

  private void clearSessionCookie(Context ctx) {
    ctx.cookie(
        new Cookie(
            AccessControl.SESSION_COOKIE, "", "/", 0, secure(ctx), true, null, SameSite.STRICT));
  }

  private boolean secure(Context ctx) {
    Boolean configured = auth.settings().secureCookies();
    if (configured != null) {
      return configured;
    }
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  private static UUID userId(Context ctx) {
    return uuid(ctx, "userId", "user");
  }

  private static UUID uuid(Context ctx, String param, String what) {
    String raw = ctx.pathParam(param);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No " + what + " has the id '" + raw + "' (ids are UUIDs).");
    }
  }

  static List<String> roles() {
    return List.of("viewer", "editor", "admin");
  }
}
