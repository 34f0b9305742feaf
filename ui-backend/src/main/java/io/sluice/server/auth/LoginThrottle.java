package io.sluice.server.auth;

import io.sluice.catalog.UserCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Failed logins per user name and remote address: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW}, further attempts of that pair are refused until the window has passed. A success
 * clears the pair. Counted in the catalog, so backends sharing one catalog count together and a
 * restart forgets nothing; the key is the pair, so a caller hammering one name does not lock its
 * owner out from another address. Thread-safe.
 */
public final class LoginThrottle {
  public static final int MAX_FAILURES = 5;
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final UserCatalog users;
  private final Clock clock;

  public LoginThrottle(UserCatalog users, Clock clock) {
    this.users = users;
    this.clock = clock;
  }

  /** How long the pair must wait before trying again; zero when it may try now. */
  public Duration retryAfter(String username, String address) {
    Instant now = clock.instant();
    return users
        .loginFailures(key(username), address, now.minus(WINDOW))
        .filter(f -> f.count() >= MAX_FAILURES)
        .map(f -> Duration.between(now, f.firstAt().plus(WINDOW)))
        .filter(left -> !left.isNegative())
        .orElse(Duration.ZERO);
  }

  public void failed(String username, String address) {
    Instant now = clock.instant();
    users.addLoginFailure(key(username), address, now, now.minus(WINDOW));
  }

  public void succeeded(String username, String address) {
    users.clearLoginFailures(key(username), address);
  }

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
