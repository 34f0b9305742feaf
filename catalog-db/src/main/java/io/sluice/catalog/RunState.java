package io.sluice.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What the engine last reported about a run. */
public enum RunState {
  STARTING,
  RUNNING,
  STOPPING,
  /** Stopped on request, with a savepoint to resume from. */
  STOPPED,
  /** Failed beyond its restart policy; the run's failure says why. */
  FAILED,
  /** Its sources were bounded and everything was delivered. */
  FINISHED,
  /**
   * The backend that ran it stopped renewing its liveness (it crashed or was cut off); another
   * backend declared it lost. Its failure names the backend. Nothing changes a lost run again.
   */
  LOST;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFinal() {
    return this == STOPPED || this == FAILED || this == FINISHED || this == LOST;
  }

  public static RunState fromWireName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown run state '" + name + "'"));
  }
}
