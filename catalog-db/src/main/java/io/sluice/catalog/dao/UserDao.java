package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code users}, {@code sessions}, {@code api_tokens} and {@code login_failures} tables. */
@RegisterConstructorMapper(UserRow.class)
@RegisterConstructorMapper(SessionRow.class)
@RegisterConstructorMapper(TokenRow.class)
public interface UserDao {
  String USER_COLUMNS =
      """
      u.id, u.username, u.role, u.password_hash, u.must_change_password, u.disabled,
      u.created_at, u.updated_at
      """;
  String TOKEN_COLUMNS =
      """
      t.id, t.user_id, u.username, t.name, t.prefix, t.secret_hash, t.created_at, t.expires_at,
      t.last_used_at, t.revoked_at
      """;

  @SqlQuery("SELECT count(*) FROM users")
  long countUsers();

  @SqlQuery(
      """
      INSERT INTO users AS u (username, role, password_hash, must_change_password)
      VALUES (:username, :role, :hash, :mustChange)
      RETURNING
      """
          + USER_COLUMNS)
  UserRow insertUser(
      @Bind("username") String username,
      @Bind("role") String role,
      @Bind("hash") String passwordHash,
      @Bind("mustChange") boolean mustChangePassword);

  @SqlQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = :id")
  Optional<UserRow> findUser(@Bind("id") UUID id);

  @SqlQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE lower(u.username) = lower(:username)")
  Optional<UserRow> findUserByName(@Bind("username") String username);

  @SqlQuery("SELECT " + USER_COLUMNS + " FROM users u ORDER BY lower(u.username)")
  List<UserRow> listUsers();

  @SqlQuery(
      """
      SELECT count(*) FROM users
      WHERE role = 'admin' AND NOT disabled AND id <> :except
      """)
  long countOtherActiveAdmins(@Bind("except") UUID except);

  @SqlQuery(
      "UPDATE users u SET role = :role, updated_at = now() WHERE u.id = :id RETURNING "
          + USER_COLUMNS)
  Optional<UserRow> setRole(@Bind("id") UUID id, @Bind("role") String role);

  @SqlQuery(
      "UPDATE users u SET disabled = :disabled, updated_at = now() WHERE u.id = :id RETURNING "
          + USER_COLUMNS)
  Optional<UserRow> setDisabled(@Bind("id") UUID id, @Bind("disabled") boolean disabled);

  @SqlQuery(
      """
      UPDATE users u SET password_hash = :hash, must_change_password = :mustChange,
             updated_at = now()
      WHERE u.id = :id
      RETURNING
      """
          + USER_COLUMNS)
  Optional<UserRow> setPassword(
      @Bind("id") UUID id,
      @Bind("hash") String passwordHash,
      @Bind("mustChange") boolean mustChangePassword);

  @SqlUpdate(
      """
      INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, remote_addr, user_agent)
      VALUES (:tokenHash, :userId, :csrf, :expiresAt, :remoteAddr, :userAgent)
      """)
  void insertSession(
      @Bind("tokenHash") String tokenHash,
      @Bind("userId") UUID userId,
      @Bind("csrf") String csrfToken,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("remoteAddr") String remoteAddr,
      @Bind("userAgent") String userAgent);

  @SqlQuery(
      """
      SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions
      WHERE token_hash = :tokenHash AND expires_at > :now
      """)
  Optional<SessionRow> findSession(@Bind("tokenHash") String tokenHash, @Bind("now") Instant now);

  @SqlUpdate("DELETE FROM sessions WHERE token_hash = :tokenHash")
  int deleteSession(@Bind("tokenHash") String tokenHash);

  @SqlUpdate("DELETE FROM sessions WHERE user_id = :userId")
  int deleteSessionsOf(@Bind("userId") UUID userId);

  @SqlUpdate("DELETE FROM sessions WHERE expires_at <= :now")
  int deleteExpiredSessions(@Bind("now") Instant now);

  @SqlQuery(
      """
      WITH t AS (
        INSERT INTO api_tokens (user_id, name, prefix, secret_hash, expires_at)
        VALUES (:userId, :name, :prefix, :secretHash, :expiresAt)
        RETURNING *)
      SELECT
      """
          + TOKEN_COLUMNS
          + " FROM t JOIN users u ON u.id = t.user_id")
  TokenRow insertToken(
      @Bind("userId") UUID userId,
      @Bind("name") String name,
      @Bind("prefix") String prefix,
      @Bind("secretHash") String secretHash,
      @Bind("expiresAt") Instant expiresAt);

  @SqlQuery(
      "SELECT "
          + TOKEN_COLUMNS
          + " FROM api_tokens t JOIN users u ON u.id = t.user_id"
          + " WHERE t.prefix = :prefix")
  Optional<TokenRow> findTokenByPrefix(@Bind("prefix") String prefix);

  @SqlQuery(
      "SELECT "
          + TOKEN_COLUMNS
          + " FROM api_tokens t JOIN users u ON u.id = t.user_id"
          + " WHERE t.id = :id")
  Optional<TokenRow> findToken(@Bind("id") UUID id);

  /** Tokens of one user, or of everyone when {@code userId} is null; newest first. */
  @SqlQuery(
      "SELECT "
          + TOKEN_COLUMNS
          + " FROM api_tokens t JOIN users u ON u.id = t.user_id"
          + " WHERE (CAST(:userId AS uuid) IS NULL OR t.user_id = :userId)"
          + " ORDER BY t.created_at DESC, t.id")
  List<TokenRow> listTokens(@Bind("userId") UUID userId);

  @SqlUpdate("UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
  int revokeToken(@Bind("id") UUID id);

  /** Marks use at most once a minute, so that a busy token does not write on every call. */
  @SqlUpdate(
      """
      UPDATE api_tokens SET last_used_at = :now
      WHERE id = :id AND (last_used_at IS NULL OR last_used_at < CAST(:now AS timestamptz) - interval '1 minute')
      """)
  int touchToken(@Bind("id") UUID id, @Bind("now") Instant now);

  /**
   * Counts one more failure of the pair, starting a new window at {@code now} when the pair's
   * window began before {@code windowStart}; returns the pair's count and window start after it.
   */
  @SqlQuery(
      """
      INSERT INTO login_failures AS f (username_key, remote_addr, failures, first_at)
      VALUES (:key, :addr, 1, :now)
      ON CONFLICT (username_key, remote_addr) DO UPDATE SET
        failures = CASE WHEN f.first_at < :windowStart THEN 1 ELSE f.failures + 1 END,
        first_at = CASE WHEN f.first_at < :windowStart THEN :now ELSE f.first_at END
      RETURNING f.failures, f.first_at
      """)
  @RegisterConstructorMapper(LoginFailureRow.class)
  LoginFailureRow addLoginFailure(
      @Bind("key") String usernameKey,
      @Bind("addr") String remoteAddr,
      @Bind("now") Instant now,
      @Bind("windowStart") Instant windowStart);

  @SqlQuery(
      """
      SELECT failures, first_at FROM login_failures
      WHERE username_key = :key AND remote_addr = :addr AND first_at >= :windowStart
      """)
  @RegisterConstructorMapper(LoginFailureRow.class)
  Optional<LoginFailureRow> findLoginFailures(
      @Bind("key") String usernameKey,
      @Bind("addr") String remoteAddr,
      @Bind("windowStart") Instant windowStart);

  @SqlUpdate("DELETE FROM login_failures WHERE username_key = :key AND remote_addr = :addr")
  int deleteLoginFailures(@Bind("key") String usernameKey, @Bind("addr") String remoteAddr);

  @SqlUpdate("DELETE FROM login_failures WHERE first_at < :windowStart")
  int deleteOldLoginFailures(@Bind("windowStart") Instant windowStart);
}
