package io.sluice.model.document;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a run promises about each record reaching the sinks. {@link #EXACTLY_ONCE} is the default:
 * sinks commit with Flink checkpoints. {@link #AT_LEAST_ONCE} trades possible duplicates after a
 * failure for lower latency (no waiting for the checkpoint to commit).
 */
public enum DeliveryGuarantee {
  EXACTLY_ONCE("exactly-once"),
  AT_LEAST_ONCE("at-least-once");

  private final String wireName;

  DeliveryGuarantee(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the JSON document, such as {@code exactly-once}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The constant with that wire name, if any. */
  public static Optional<DeliveryGuarantee> fromWireName(String name) {
    return Arrays.stream(values()).filter(g -> g.wireName.equals(name)).findFirst();
  }
}
