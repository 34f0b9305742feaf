package io.sluice.model.document;

import java.time.Duration;
import java.util.Objects;

/**
 * What Flink does when a running job fails. Continuous pipelines default to {@link
 * ExponentialDelay}: a lost TaskManager can take several attempts to be declared dead, and a fixed
 * short delay would burn those attempts in seconds.
 *
 * <p>Wire forms: {@code {"type":"none"}}, {@code
 * {"type":"fixed-delay","attempts":3,"delay":"10s"}}, {@code
 * {"type":"exponential-delay","initialDelay":"1s","maxDelay":"5m","multiplier":2.0,"maxAttempts":10}}.
 */
public sealed interface RestartPolicy {

  /** The {@code type} discriminator in the JSON document. */
  String type();

  /** Fail the run at the first job failure. */
  record None() implements RestartPolicy {
    public static final String TYPE = "none";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Restart up to {@code attempts} times, waiting {@code delay} before each attempt. */
  record FixedDelay(int attempts, Duration delay) implements RestartPolicy {
    public static final String TYPE = "fixed-delay";

    public FixedDelay {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, got " + delay);
      }
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Restart with a delay that starts at {@code initialDelay} and grows by {@code multiplier} up to
   * {@code maxDelay}, giving up after {@code maxAttempts} consecutive failed attempts.
   */
  record ExponentialDelay(
      Duration initialDelay, Duration maxDelay, double multiplier, int maxAttempts)
      implements RestartPolicy {
    public static final String TYPE = "exponential-delay";

    private static final ExponentialDelay DEFAULTS =
        new ExponentialDelay(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 10);

    public ExponentialDelay {
      Objects.requireNonNull(initialDelay, "initialDelay");
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (initialDelay.isNegative() || initialDelay.isZero()) {
        throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
      }
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay ("
                + maxDelay
                + ") must not be less than initialDelay ("
                + initialDelay
                + ")");
      }
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be at least 1.0, got " + multiplier);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
    }

    /** 1s growing ×2 up to 5m, 10 attempts: rides out a lost TaskManager, gives up on a bug. */
    public static ExponentialDelay defaults() {
      return DEFAULTS;
    }

    @Override
    public String type() {
      return TYPE;
    }
  }
}
