package io.sluice.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Leases in the catalog, so that exactly one of several Sluice backends on one catalog acts as the
 * reconciler. Expiry is judged by the database's clock, never a backend's, so backends with skewed
 * clocks agree on who holds a lease.
 *
 * <pre>{@code
 * Optional<Lease> lease = leases.acquireOrRenew("reconciler", "backend-1", Duration.ofSeconds(15));
 * lease.ifPresent(l -> runs.startScheduled(l, ...)); // refused once another holder took over
 * }</pre>
 *
 * <p>Fencing: a taken-over lease gets a higher epoch. Writes made on behalf of a lease call {@link
 * #checkHeld} in their own transaction, which locks the lease row {@code FOR SHARE}; a takeover
 * updates that row and so waits for such a write to commit, and every write that starts after the
 * takeover sees the new epoch and is refused. Thread-safe: no state besides the {@link Jdbi}.
 */
public final class Leases {
  /**
   * Liveness leases are named this plus the backend id: each backend renews its own, and its runs
   * are declared lost once it expires.
   */
  public static final String LIVENESS_PREFIX = "backend:";

  private final Jdbi jdbi;

  public Leases(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Takes the lease if it is free or expired (a new epoch), or extends it if {@code holder} holds
   * it with an unchanged epoch; empty when another holder has it.
   */
  public Optional<Lease> acquireOrRenew(String name, String holder, Duration ttl) {
    long ttlMillis = ttl.toMillis();
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    INSERT INTO leases AS l (name, holder, epoch, expires_at)
                    VALUES (:name, :holder, 1, now() + :ttl * interval '1 millisecond')
                    ON CONFLICT (name) DO UPDATE
                      SET holder = EXCLUDED.holder,
                          epoch = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > now()
                                       THEN l.epoch ELSE l.epoch + 1 END,
                          expires_at = EXCLUDED.expires_at
                      WHERE l.holder = EXCLUDED.holder OR l.expires_at <= now()
                    RETURNING name, holder, epoch, expires_at
                    """)
                .bind("name", name)
                .bind("holder", holder)
                .bind("ttl", ttlMillis)
                .map(
                    (rs, ctx) ->
                        new Lease(
                            rs.getString("name"),
                            rs.getString("holder"),
                            rs.getLong("epoch"),
                            rs.getTimestamp("expires_at").toInstant()))
                .findOne());
  }

  /** Gives the lease up at once if {@code lease} is still current, so another can take it. */
  public void release(Lease lease) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    """
                    UPDATE leases SET expires_at = now()
                    WHERE name = :name AND holder = :holder AND epoch = :epoch
                    """)
                .bind("name", lease.name())
                .bind("holder", lease.holder())
                .bind("epoch", lease.epoch())
                .execute());
  }

  /** The lease as the catalog has it now, whether expired or not. */
  public Optional<Lease> current(String name) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT name, holder, epoch, expires_at FROM leases WHERE name = :name")
                .bind("name", name)
                .map(
                    (rs, ctx) ->
                        new Lease(
                            rs.getString("name"),
                            rs.getString("holder"),
                            rs.getLong("epoch"),
                            rs.getTimestamp("expires_at").toInstant()))
                .findOne());
  }

  /**
   * Runs {@code write} in one transaction with a check that {@code lease} is still held.
   *
   * @throws LeaseLostException when it is not; nothing is written then
   */
  public <T> T fenced(Lease lease, Function<Handle, T> write) {
    return jdbi.inTransaction(
        handle -> {
          checkHeld(handle, lease);
          return write.apply(handle);
        });
  }

  /** The name of the liveness lease of backend {@code backendId}. */
  public static String livenessName(String backendId) {
    return LIVENESS_PREFIX + Objects.requireNonNull(backendId, "backendId");
  }

  /** The backend id a liveness lease belongs to. */
  public static String backendOf(Lease liveness) {
    if (!liveness.name().startsWith(LIVENESS_PREFIX)) {
      throw new IllegalArgumentException("Not a liveness lease: " + liveness.name());
    }
    return liveness.name().substring(LIVENESS_PREFIX.length());
  }

  /**
   * Inside a transaction: locks the lease row {@code name} (if there is one) for update, so that
   * nobody renews it until the transaction ends, and says whether it is live.
   */
  static boolean lockAndCheckLive(Handle handle, String name) {
    return handle
        .createQuery("SELECT expires_at > now() FROM leases WHERE name = :name FOR UPDATE")
        .bind("name", name)
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false);
  }

  /**
   * Inside a transaction: locks the lease row for share and refuses to go on unless the lease has
   * the same holder and epoch and has not expired.
   */
  static void checkHeld(Handle handle, Lease lease) {
    Optional<Instant> held =
        handle
            .createQuery(
                """
                SELECT expires_at FROM leases
                WHERE name = :name AND holder = :holder AND epoch = :epoch AND expires_at > now()
                FOR SHARE
                """)
            .bind("name", lease.name())
            .bind("holder", lease.holder())
            .bind("epoch", lease.epoch())
            .mapTo(Instant.class)
            .findOne();
    if (held.isEmpty()) {
      throw new LeaseLostException(lease);
    }
  }
}
