package io.sluice.server.auth;

import io.javalin.security.RouteRole;
import io.sluice.catalog.UserRole;
import java.util.Locale;

/**
 * What a route requires of its caller, declared at registration:
 *
 * <pre>{@code
 * routes.get("/api/pipelines", this::list, Role.VIEWER);
 * routes.post("/api/pipelines", this::create, Role.EDITOR);
 * }</pre>
 *
 * <p>A route registered without a role is refused with 403 (and {@link AccessControl#undeclared}
 * names it, so a test fails). The name in the OpenAPI document's {@code x-sluice-role} is {@link
 * #wireName()}.
 */
public enum Role implements RouteRole {
  /** No login needed: login itself, health, the OpenAPI document. */
  ANYONE(null),
  /**
   * Any logged-in user, even one who must still change a generated password: who am I, change my
   * password, log out.
   */
  AUTHENTICATED(UserRole.VIEWER),
  VIEWER(UserRole.VIEWER),
  EDITOR(UserRole.EDITOR),
  ADMIN(UserRole.ADMIN);

  private final UserRole minimum;

  Role(UserRole minimum) {
    this.minimum = minimum;
  }

  /** The least user role that may call the route; null for {@link #ANYONE}. */
  public UserRole minimum() {
    return minimum;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
