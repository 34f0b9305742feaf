package io.sluice.executor.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A failure of a job that Flink recovered from by restarting, or that ended it: an entry of Flink's
 * exception history.
 *
 * @param at when it happened
 * @param task the task that failed, or null for a failure of the whole job
 * @param cause the exception as Flink reports it, its first line (class and message)
 */
public record RestartCause(Instant at, String task, String cause) {
  public RestartCause {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cause, "cause");
  }

  /**
   * The first line of a stack trace (the exception's class and message) and, when it has one, the
   * first line of its cause: Flink's "Recovery is suppressed by …" says only that the policy gave
   * up, and its cause says why.
   */
  static String firstLine(String stackTrace) {
    if (stackTrace == null) {
      return "unknown cause";
    }
    String[] lines = stackTrace.split("\\R");
    String first = lines[0].strip();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("Caused by: ")) {
        return first + " (caused by " + trimmed.substring("Caused by: ".length()) + ")";
      }
    }
    return first;
  }
}
