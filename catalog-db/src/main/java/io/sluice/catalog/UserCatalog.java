package io.sluice.catalog;

import io.sluice.catalog.dao.SessionRow;
import io.sluice.catalog.dao.TokenRow;
import io.sluice.catalog.dao.UserDao;
import io.sluice.catalog.dao.UserRow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;

/**
 * Users, their browser sessions and their API tokens. The catalog stores hashes only: password
 * hashes are made by the caller (Argon2id), session and token secrets arrive already hashed.
 *
 * <pre>{@code
 * User admin = users.create("admin", UserRole.ADMIN, argon2Hash, false);
 * users.createSession(sha256(cookie), admin.id(), csrf, expiresAt, remoteAddr, userAgent);
 * }</pre>
 *
 * <p>Thread-safe: no state besides the {@link Jdbi}.
 */
public final class UserCatalog {
  private static final String UNIQUE_VIOLATION = "23505";

  private final Jdbi jdbi;

  public UserCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** A user with the password hash, for checking a login. */
  public record Credentials(User user, String passwordHash) {}

  public long count() {
    return jdbi.withExtension(UserDao.class, UserDao::countUsers);
  }

  /**
   * @throws DuplicateUserException when the name is taken (letter case does not count)
   */
  public User create(String username, UserRole role, String passwordHash, boolean mustChange) {
    try {
      return user(
          jdbi.withExtension(
              UserDao.class,
              dao -> dao.insertUser(username, role.wireName(), passwordHash, mustChange)));
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof PSQLException psql
          && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
        throw new DuplicateUserException(username);
      }
      throw e;
    }
  }

  public Optional<User> find(UUID id) {
    return jdbi.withExtension(UserDao.class, dao -> dao.findUser(id)).map(UserCatalog::user);
  }

  public User get(UUID id) {
    return find(id)
        .orElseThrow(() -> new UserNotFoundException("No user has the id '" + id + "'."));
  }

  public Optional<Credentials> credentials(String username) {
    return jdbi.withExtension(UserDao.class, dao -> dao.findUserByName(username))
        .map(row -> new Credentials(user(row), row.passwordHash()));
  }

  public Credentials credentials(UUID id) {
    return jdbi.withExtension(UserDao.class, dao -> dao.findUser(id))
        .map(row -> new Credentials(user(row), row.passwordHash()))
        .orElseThrow(() -> new UserNotFoundException("No user has the id '" + id + "'."));
  }

  public List<User> list() {
    return jdbi.withExtension(UserDao.class, UserDao::listUsers).stream()
        .map(UserCatalog::user)
        .toList();
  }

  /**
   * @throws LastAdminException when this would demote the last enabled admin
   */
  public User setRole(UUID id, UserRole role) {
    // Two statements, each its own transaction: the upsert alone is atomic, and a cleanup that
    // shares no transaction with it cannot deadlock with another backend's.
    return jdbi.withHandle(
        handle -> {
          UserDao dao = handle.attach(UserDao.class);
          UserRow row = lockedUser(handle, dao, id);
          if (role != UserRole.ADMIN && isActiveAdmin(row) && dao.countOtherActiveAdmins(id) == 0) {
            throw new LastAdminException(row.username());
          }
          return user(dao.setRole(id, role.wireName()).orElseThrow());
        });
  }

  /**
   * Disabling also ends the user's sessions; tokens stay but are refused while disabled.
   *
   * @throws LastAdminException when this would disable the last enabled admin
   */
  public User setDisabled(UUID id, boolean disabled) {
    // Two statements, each its own transaction: the upsert alone is atomic, and a cleanup that
    // shares no transaction with it cannot deadlock with another backend's.
    return jdbi.withHandle(
        handle -> {
          UserDao dao = handle.attach(UserDao.class);
          UserRow row = lockedUser(handle, dao, id);
          if (disabled && isActiveAdmin(row) && dao.countOtherActiveAdmins(id) == 0) {
            throw new LastAdminException(row.username());
          }
          if (disabled) {
            dao.deleteSessionsOf(id);
          }
          return user(dao.setDisabled(id, disabled).orElseThrow());
        });
  }

  /** A new password hash; every session of the user ends (the caller logs in again). */
  public User setPassword(UUID id, String passwordHash, boolean mustChange) {
    // Two statements, each its own transaction: the upsert alone is atomic, and a cleanup that
    // shares no transaction with it cannot deadlock with another backend's.
    return jdbi.withHandle(
        handle -> {
          UserDao dao = handle.attach(UserDao.class);
          User user =
              dao.setPassword(id, passwordHash, mustChange)
                  .map(UserCatalog::user)
                  .orElseThrow(() -> new UserNotFoundException("No user has the id '" + id + "'."));
          dao.deleteSessionsOf(id);
          return user;
        });
  }

  public void createSession(
      String tokenHash,
      UUID userId,
      String csrfToken,
      Instant expiresAt,
      String remoteAddr,
      String userAgent) {
    jdbi.useExtension(
        UserDao.class,
        dao -> dao.insertSession(tokenHash, userId, csrfToken, expiresAt, remoteAddr, userAgent));
  }

  public Optional<Session> findSession(String tokenHash, Instant now) {
    return jdbi.withExtension(UserDao.class, dao -> dao.findSession(tokenHash, now))
        .map(UserCatalog::session);
  }

  public void deleteSession(String tokenHash) {
    jdbi.useExtension(UserDao.class, dao -> dao.deleteSession(tokenHash));
  }

  public int deleteExpiredSessions(Instant now) {
    return jdbi.withExtension(UserDao.class, dao -> dao.deleteExpiredSessions(now));
  }

  public ApiToken createToken(
      UUID userId, String name, String prefix, String secretHash, Instant expiresAt) {
    return token(
        jdbi.withExtension(
            UserDao.class, dao -> dao.insertToken(userId, name, prefix, secretHash, expiresAt)));
  }

  /** A token and its secret's hash, by its public prefix. */
  public record TokenSecret(ApiToken token, String secretHash) {}

  public Optional<TokenSecret> findToken(String prefix) {
    return jdbi.withExtension(UserDao.class, dao -> dao.findTokenByPrefix(prefix))
        .map(row -> new TokenSecret(token(row), row.secretHash()));
  }

  public ApiToken getToken(UUID id) {
    return jdbi.withExtension(UserDao.class, dao -> dao.findToken(id))
        .map(UserCatalog::token)
        .orElseThrow(() -> new UserNotFoundException("No API token has the id '" + id + "'."));
  }

  /** The tokens of one user, or of everyone when {@code userId} is null; newest first. */
  public List<ApiToken> listTokens(UUID userId) {
    return jdbi.withExtension(UserDao.class, dao -> dao.listTokens(userId)).stream()
        .map(UserCatalog::token)
        .toList();
  }

  /** Revokes the token; revoking one that is revoked already changes nothing. */
  public ApiToken revokeToken(UUID id) {
    jdbi.useExtension(UserDao.class, dao -> dao.revokeToken(id));
    return getToken(id);
  }

  public void touchToken(UUID id, Instant now) {
    jdbi.useExtension(UserDao.class, dao -> dao.touchToken(id, now));
  }

  private static UserRow lockedUser(org.jdbi.v3.core.Handle handle, UserDao dao, UUID id) {
    // Admin checks of two concurrent changes must not both pass: serialize on the admins' rows.
    handle.execute("SELECT id FROM users WHERE role = 'admin' FOR UPDATE");
    return dao.findUser(id)
        .orElseThrow(() -> new UserNotFoundException("No user has the id '" + id + "'."));
  }

  private static boolean isActiveAdmin(UserRow row) {
    return row.role().equals(UserRole.ADMIN.wireName()) && !row.disabled();
  }

  private static User user(UserRow row) {
    return new User(
        row.id(),
        row.username(),
        UserRole.fromWire(row.role()).orElseThrow(),
        row.mustChangePassword(),
        row.disabled(),
        row.createdAt(),
        row.updatedAt());
  }

  private static Session session(SessionRow row) {
    return new Session(row.userId(), row.csrfToken(), row.createdAt(), row.expiresAt());
  }

  private static ApiToken token(TokenRow row) {
    return new ApiToken(
        row.id(),
        row.userId(),
        row.username(),
        row.name(),
        row.prefix(),
        row.createdAt(),
        row.expiresAt(),
        row.lastUsedAt(),
        row.revokedAt());
  }

  /**
   * Failed logins of one user name and address since {@code firstAt}, as every backend on the
   * catalog counts them.
   */
  public record LoginFailures(int count, Instant firstAt) {}

  /**
   * Counts a failed login of the pair; a window that began before {@code windowStart} is over and a
   * new one starts {@code now}. Also forgets the pairs whose window is over. Atomic across
   * backends.
   *
   * @param usernameKey the user name as the caller compares it (lower-cased)
   */
  public LoginFailures addLoginFailure(
      String usernameKey, String remoteAddr, Instant now, Instant windowStart) {
    // Two statements, each its own transaction: the upsert alone is atomic, and a cleanup that
    // shares no transaction with it cannot deadlock with another backend's.
    return jdbi.withHandle(
        handle -> {
          UserDao dao = handle.attach(UserDao.class);
          dao.deleteOldLoginFailures(windowStart);
          var row = dao.addLoginFailure(usernameKey, remoteAddr, now, windowStart);
          return new LoginFailures(row.failures(), row.firstAt());
        });
  }

  /** The pair's failures in a window that began at or after {@code windowStart}. */
  public Optional<LoginFailures> loginFailures(
      String usernameKey, String remoteAddr, Instant windowStart) {
    return jdbi.withExtension(
            UserDao.class, dao -> dao.findLoginFailures(usernameKey, remoteAddr, windowStart))
        .map(row -> new LoginFailures(row.failures(), row.firstAt()));
  }

  public void clearLoginFailures(String usernameKey, String remoteAddr) {
    jdbi.useExtension(UserDao.class, dao -> dao.deleteLoginFailures(usernameKey, remoteAddr));
  }
}
