package io.sluice.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a schedule stands with the reconciler. */
public enum ScheduleStatus {
  /** The reconciler keeps the pipeline as the schedule says (unless paused). */
  ACTIVE("active"),
  /** The reconciler gave up; {@code attention} says why. Resume or edit it to try again. */
  NEEDS_ATTENTION("needs-attention"),
  /** A backfill, or a continuous schedule whose sources all ended, whose run finished. */
  DONE("done");

  private final String wireName;

  ScheduleStatus(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public static ScheduleStatus fromWireName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown schedule status '" + name + "'"));
  }
}
