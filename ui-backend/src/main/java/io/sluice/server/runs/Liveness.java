package io.sluice.server.runs;

import io.sluice.catalog.Lease;
import io.sluice.catalog.Leases;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This backend's heartbeat in the catalog: the liveness lease {@code backend:<id>}, renewed every
 * third of its time to live. Runs this backend starts are recorded as its own only while the lease
 * is held; once it has expired, the reconciling backend declares them lost and starts them anew.
 *
 * <pre>{@code
 * Liveness liveness = Liveness.start(leases, "host-1-3f9a", Duration.ofSeconds(15));
 * runs.startOwned(null, liveness.current(), ...);
 * }</pre>
 *
 * <p>The lease is held under the backend id, so a backend restarted with the same id (the same data
 * directory) renews it and resumes its runs if they were not declared lost meanwhile. Thread-safe.
 */
public final class Liveness implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

  private final Leases leases;
  private final String backendId;
  private final Duration ttl;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sluice-liveness");
            t.setDaemon(true);
            return t;
          });
  private volatile Lease lease;

  private Liveness(Leases leases, String backendId, Duration ttl) {
    this.leases = Objects.requireNonNull(leases, "leases");
    this.backendId = Objects.requireNonNull(backendId, "backendId");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  /** Takes the liveness lease now and renews it in the background until closed. */
  public static Liveness start(Leases leases, String backendId, Duration ttl) {
    Liveness liveness = new Liveness(leases, backendId, ttl);
    liveness.renew();
    long every = Math.max(50, ttl.toMillis() / 3);
    liveness.loop.scheduleWithFixedDelay(
        liveness::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    return liveness;
  }

  public String backendId() {
    return backendId;
  }

  /** The lease as last renewed. */
  public Lease current() {
    return lease;
  }

  /** Renews the lease now and returns it. */
  public synchronized Lease renew() {
    Lease renewed =
        leases
            .acquireOrRenew(Leases.livenessName(backendId), backendId, ttl)
            .orElseThrow(
                () -> new IllegalStateException("Liveness lease of " + backendId + " is held"));
    Lease before = lease;
    if (before != null && before.epoch() != renewed.epoch()) {
      LOG.warn(
          "Backend {} had stopped renewing its liveness (epoch {} expired, now {}); runs declared"
              + " lost meanwhile are no longer its own",
          backendId,
          before.epoch(),
          renewed.epoch());
    }
    lease = renewed;
    return renewed;
  }

  private void renewQuietly() {
    try {
      renew();
    } catch (RuntimeException e) {
      LOG.warn("Could not renew the liveness of backend {}; retrying", backendId, e);
    }
  }

  /** Stops renewing. The lease is left to expire: the runs stay this backend's until then. */
  @Override
  public void close() {
    loop.shutdownNow();
  }
}
