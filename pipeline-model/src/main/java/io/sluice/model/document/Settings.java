package io.sluice.model.document;

import java.time.Duration;
import java.util.Objects;

/**
 * Pipeline-wide run settings. Invalid values here are programming errors and throw: values typed by
 * a person are checked by the JSON reader first and reported as problems.
 *
 * @param checkpointInterval how often Flink checkpoints; with exactly-once this is also how often
 *     sinks commit, so it bounds the end-to-end latency
 * @param parallelism the default number of parallel instances of each operator
 */
public record Settings(
    Duration checkpointInterval,
    int parallelism,
    DeliveryGuarantee deliveryGuarantee,
    RestartPolicy restartPolicy,
    DeadLetterTarget deadLetter) {

  private static final Settings DEFAULTS =
      new Settings(
          Duration.ofSeconds(30),
          1,
          DeliveryGuarantee.EXACTLY_ONCE,
          RestartPolicy.ExponentialDelay.defaults());

  /** Settings whose bad records go to the catalog's dead-letter table. */
  public Settings(
      Duration checkpointInterval,
      int parallelism,
      DeliveryGuarantee deliveryGuarantee,
      RestartPolicy restartPolicy) {
    this(
        checkpointInterval,
        parallelism,
        deliveryGuarantee,
        restartPolicy,
        new DeadLetterTarget.Catalog());
  }

  public Settings {
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(deliveryGuarantee, "deliveryGuarantee");
    Objects.requireNonNull(restartPolicy, "restartPolicy");
    Objects.requireNonNull(deadLetter, "deadLetter");
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkpointInterval must be positive, got " + checkpointInterval);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
  }

  /**
   * 30s checkpoints, parallelism 1, exactly-once, {@link
   * RestartPolicy.ExponentialDelay#defaults()}.
   */
  public static Settings defaults() {
    return DEFAULTS;
  }
}
