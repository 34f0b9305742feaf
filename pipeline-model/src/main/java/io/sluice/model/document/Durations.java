package io.sluice.model.document;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}.
 * ISO-8601 ({@code PT30S}) is accepted too, for clients that format {@link Duration} with {@code
 * toString()}. Documents are always written in the short form.
 *
 * <p>{@code Durations.parse("5m")} gives {@code Optional.of(Duration.ofMinutes(5))}; {@code
 * Durations.format(Duration.ofSeconds(90))} gives {@code "90s"}.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

  /** What an error message should say is accepted. */
  public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 1h, 1d or PT30S";

  private Durations() {}

  /** The duration {@code text} stands for, or empty if it is not one. */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      try {
        return Optional.of(
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              case "d" -> Duration.ofDays(amount);
              default -> throw new AssertionError(m.group(2));
            });
      } catch (ArithmeticException tooLong) {
        return Optional.empty();
      }
    }
    if (text.startsWith("P") || text.startsWith("-P")) {
      try {
        return Optional.of(Duration.parse(text));
      } catch (DateTimeParseException notIso) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The short form with the largest unit that represents {@code duration} exactly ({@code 90s}, not
   * {@code 1.5m}); ISO-8601 for negative or sub-millisecond durations, which have no short form.
   */
  public static String format(Duration duration) {
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    if (duration.getNano() != 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
