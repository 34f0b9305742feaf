package io.sluice.server.auth;

import io.sluice.catalog.ApiToken;
import io.sluice.catalog.DuplicateUserException;
import io.sluice.catalog.Session;
import io.sluice.catalog.User;
import io.sluice.catalog.UserCatalog;
import io.sluice.catalog.UserRole;
import io.sluice.model.problem.Problem;
import io.sluice.server.SluiceConfig;
import io.sluice.server.api.ApiException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, logins, sessions and API tokens on top of the {@link UserCatalog}.
 *
 * <pre>{@code
 * AuthService auth = new AuthService(users, config.auth(), Clock.systemUTC());
 * auth.bootstrap(System.out);
 * AuthService.Login login = auth.login("admin", password, "127.0.0.1", "curl/8");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  public static final String TOKEN_PREFIX = "sluice_";
  static final int MAX_USERNAME = 100;
  static final int MAX_PASSWORD = 1000;

  private final UserCatalog users;
  private final SluiceConfig.Auth settings;
  private final Clock clock;
  private final LoginThrottle throttle;

  public AuthService(UserCatalog users, SluiceConfig.Auth settings, Clock clock) {
    this.users = users;
    this.settings = settings;
    this.clock = clock;
    this.throttle = new LoginThrottle(users, clock);
  }

  public SluiceConfig.Auth settings() {
    return settings;
  }

  /**
   * When the catalog has no users, creates {@code admin}: with the configured password, or with a
   * generated one printed once to {@code console} that must be changed at the first login.
   */
  public void bootstrap(PrintStream console) {
    if (users.count() > 0) {
      return;
    }
    String password = settings.adminPassword();
    boolean generated = password == null;
    if (generated) {
      password = Passwords.generatePassword();
    }
    try {
      users.create("admin", UserRole.ADMIN, Passwords.hash(password), generated);
    } catch (DuplicateUserException e) {
      return; // another backend on the same catalog created it first
    }
    if (generated) {
      String line = "=".repeat(72);
      console.println(line);
      console.println("  Sluice created the user 'admin' with this one-time password:");
      console.println();
      console.println("      " + password);
      console.println();
      console.println("  It is shown only now. Log in and choose a new password; until then");
      console.println("  every other call is refused. Set SLUICE_ADMIN_PASSWORD to choose it.");
      console.println(line);
      console.flush();
      LOG.info("Created user 'admin' with a generated one-time password (printed on stdout)");
    } else {
      LOG.info("Created user 'admin' with the password from SLUICE_ADMIN_PASSWORD");
    }
  }

  /** A successful login: the cookie secret (only its hash is stored) and the CSRF token. */
  public record Login(User user, String sessionSecret, String csrfToken, Instant expiresAt) {}

  /**
   * @throws ApiException 401 for a wrong name or password or a disabled user (the same answer for
   *     all three), 429 after too many failures of this name from this address
   */
  public Login login(String username, String password, String remoteAddr, String userAgent) {
    Duration wait = throttle.retryAfter(username, remoteAddr);
    if (!wait.isZero()) {
      throw ApiException.tooManyRequests(
          "too-many-login-attempts",
          "Too many failed logins for '"
              + username
              + "' from this address; try again in "
              + Math.max(1, wait.toSeconds())
              + " s.",
          Math.max(1, wait.toSeconds()));
    }
    Optional<UserCatalog.Credentials> found = users.credentials(username);
    boolean ok;
    if (found.isEmpty()) {
      Passwords.burn(password);
      ok = false;
    } else {
      ok =
          Passwords.matches(password, found.get().passwordHash()) && !found.get().user().disabled();
    }
    if (!ok) {
      throttle.failed(username, remoteAddr);
      throw ApiException.unauthorized(
          "invalid-credentials", "The user name or password is wrong, or the user is disabled.");
    }
    throttle.succeeded(username, remoteAddr);
    return newSession(found.get().user(), remoteAddr, userAgent);
  }

  /** A new session for {@code user}, as after a login. */
  public Login newSession(User user, String remoteAddr, String userAgent) {
    String secret = Passwords.randomSecret(32);
    String csrf = Passwords.randomSecret(32);
    Instant expires = clock.instant().plus(settings.sessionTtl());
    users.createSession(
        Hashes.sha256(secret), user.id(), csrf, expires, remoteAddr, truncate(userAgent, 500));
    return new Login(user, secret, csrf, expires);
  }

  public void logout(String sessionSecret) {
    users.deleteSession(Hashes.sha256(sessionSecret));
  }

  /** The user behind a session cookie, if it is valid and the user enabled. */
  public Optional<Principal> bySession(String sessionSecret) {
    Optional<Session> session = users.findSession(Hashes.sha256(sessionSecret), clock.instant());
    if (session.isEmpty()) {
      return Optional.empty();
    }
    return users
        .find(session.get().userId())
        .filter(u -> !u.disabled())
        .map(u -> new Principal(u, Principal.Via.SESSION, session.get().csrfToken(), null));
  }

  /** The user behind a bearer token, if it is valid, not revoked or expired, the user enabled. */
  public Optional<Principal> byToken(String token) {
    if (!token.startsWith(TOKEN_PREFIX) || token.length() < TOKEN_PREFIX.length() + 14) {
      return Optional.empty();
    }
    String rest = token.substring(TOKEN_PREFIX.length());
    int cut = rest.indexOf('_');
    if (cut <= 0) {
      return Optional.empty();
    }
    String prefix = rest.substring(0, cut);
    String secret = rest.substring(cut + 1);
    Instant now = clock.instant();
    Optional<UserCatalog.TokenSecret> found = users.findToken(prefix);
    if (found.isEmpty()
        || !found.get().token().usableAt(now)
        || !Hashes.constantTimeEquals(Hashes.sha256(secret), found.get().secretHash())) {
      return Optional.empty();
    }
    ApiToken t = found.get().token();
    Optional<User> user = users.find(t.userId()).filter(u -> !u.disabled());
    if (user.isEmpty()) {
      return Optional.empty();
    }
    users.touchToken(t.id(), now);
    // A token never carries a pending password change: it was made by a user who had changed it.
    return Optional.of(new Principal(user.get(), Principal.Via.TOKEN, null, t.id()));
  }

  // ---- users ----

  public User createUser(String username, UserRole role, String password) {
    checkUsername(username);
    checkPassword("password", password);
    return users.create(username, role, Passwords.hash(password), false);
  }

  public List<User> listUsers() {
    return users.list();
  }

  public User user(UUID id) {
    return users.get(id);
  }

  public User setRole(UUID id, UserRole role) {
    return users.setRole(id, role);
  }

  public User setDisabled(UUID id, boolean disabled) {
    return users.setDisabled(id, disabled);
  }

  /** An admin sets a new password; the user must change it at the next login. */
  public User resetPassword(UUID id, String password) {
    checkPassword("password", password);
    return users.setPassword(id, Passwords.hash(password), true);
  }

  /**
   * The user changes their own password, proving the current one.
   *
   * @throws ApiException 400 when the current password is wrong or the new one too short
   */
  public User changeOwnPassword(UUID id, String current, String next) {
    UserCatalog.Credentials credentials = users.credentials(id);
    if (!Passwords.matches(current, credentials.passwordHash())) {
      throw ApiException.badRequest(
          "wrong-password",
          "The current password is wrong.",
          List.of(
              new Problem(
                  null, "currentPassword", "wrong-password", "The current password is wrong.")));
    }
    checkPassword("newPassword", next);
    if (current.equals(next)) {
      throw ApiException.badRequest(
          "password-unchanged",
          "The new password must differ from the current one.",
          List.of(
              new Problem(
                  null,
                  "newPassword",
                  "password-unchanged",
                  "The new password must differ from the current one.")));
    }
    return users.setPassword(id, Passwords.hash(next), false);
  }

  // ---- tokens ----

  /** A new token and, this once, its full secret. */
  public record NewToken(ApiToken token, String secret) {}

  public NewToken createToken(UUID userId, String name, Instant expiresAt) {
    String prefix = HexFormat.of().formatHex(randomBytes(6));
    String secret = Passwords.randomSecret(32);
    ApiToken token = users.createToken(userId, name, prefix, Hashes.sha256(secret), expiresAt);
    return new NewToken(token, TOKEN_PREFIX + prefix + "_" + secret);
  }

  public List<ApiToken> tokens(UUID userIdOrNull) {
    return users.listTokens(userIdOrNull);
  }

  public ApiToken token(UUID id) {
    return users.getToken(id);
  }

  public ApiToken revokeToken(UUID id) {
    return users.revokeToken(id);
  }

  /** Deletes expired sessions; called now and then. */
  public int sweep() {
    return users.deleteExpiredSessions(clock.instant());
  }

  static void checkUsername(String username) {
    if (!username.matches("[A-Za-z0-9._@-]{1,100}")) {
      throw ApiException.invalidBody(
          List.of(
              new Problem(
                  null,
                  "username",
                  "invalid-username",
                  "'username' must be 1 to 100 letters, digits, '.', '_', '@' or '-'.")));
    }
  }

  static void checkPassword(String field, String password) {
    if (password.length() < SluiceConfig.AUTH_MIN_PASSWORD) {
      throw ApiException.invalidBody(
          List.of(
              new Problem(
                  null,
                  field,
                  "password-too-short",
                  "'"
                      + field
                      + "' must have at least "
                      + SluiceConfig.AUTH_MIN_PASSWORD
                      + " characters.")));
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
