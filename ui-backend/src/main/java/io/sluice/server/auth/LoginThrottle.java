package io.sluice.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per user name and remote address: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW}, further attempts of that pair are refused until the window has passed. A success
 * clears the pair. Kept in memory per backend (a restart forgets it); the key is the pair, so a
 * caller hammering one name does not lock its owner out from another address. Thread-safe.
 */
public final class LoginThrottle {
  public static final int MAX_FAILURES = 5;
  public static final Duration WINDOW = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 100_000;

  private record Failures(int count, Instant first) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the pair must wait before trying again; zero when it may try now. */
  public Duration retryAfter(String username, String address) {
    Failures f = failures.get(key(username, address));
    if (f == null || f.count() < MAX_FAILURES) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), f.first().plus(WINDOW));
    return left.isNegative() ? Duration.ZERO : left;
  }

  public void failed(String username, String address) {
    Instant now = clock.instant();
    if (failures.size() > MAX_TRACKED) {
      failures.values().removeIf(f -> f.first().plus(WINDOW).isBefore(now));
    }
    failures.compute(
        key(username, address),
        (k, f) ->
            f == null || f.first().plus(WINDOW).isBefore(now)
                ? new Failures(1, now)
                : new Failures(f.count() + 1, f.first()));
  }

  public void succeeded(String username, String address) {
    failures.remove(key(username, address));
  }

  private static String key(String username, String address) {
    return username.toLowerCase(Locale.ROOT) + "\u0000" + address;
  }
}
