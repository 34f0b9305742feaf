package io.sluice.model.logtail;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the timestamp of a log event into a UTC {@link LocalDateTime}. Formats: {@code auto} (ISO
 * 8601, HTTP/Apache, syslog, in that order; a plain number is epoch seconds up to 11 digits, else
 * epoch milliseconds), {@code iso} ({@code 2026-12-02T04:13:00.123Z}, a space for the {@code T},
 * with or without offset), {@code apache} ({@code 02/Dec/2026:04:13:00 +0000}), {@code syslog}
 * ({@code Dec 2 04:13:00}, of the current UTC year), {@code epoch-millis}, {@code epoch-seconds},
 * or a {@link DateTimeFormatter} pattern such as {@code yyyy/MM/dd HH:mm:ss}. A time without zone
 * or offset is UTC. Not thread-safe in the sense that it holds no state at all: safe.
 *
 * <pre>{@code
 * LogTimestamp.of("apache").parse("02/Dec/2026:05:13:00 +0100") // 2026-12-02T04:13
 * }</pre>
 */
public final class LogTimestamp {
  public static final String AUTO = "auto";

  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendLiteral(',')
          .appendValue(ChronoField.MILLI_OF_SECOND, 3)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private static final DateTimeFormatter APACHE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private static final List<String> NAMED =
      List.of(AUTO, "iso", "apache", "syslog", "epoch-millis", "epoch-seconds");

  private final String format;
  private final DateTimeFormatter pattern;

  private LogTimestamp(String format, DateTimeFormatter pattern) {
    this.format = format;
    this.pattern = pattern;
  }

  /** The reader of {@code format}, or empty when it is neither a named format nor a pattern. */
  public static Optional<LogTimestamp> of(String format) {
    String name = format == null || format.isBlank() ? AUTO : format.strip();
    if (NAMED.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of(new LogTimestamp(name.toLowerCase(Locale.ROOT), null));
    }
    try {
      return Optional.of(new LogTimestamp(name, DateTimeFormatter.ofPattern(name, Locale.ENGLISH)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The UTC time {@code text} stands for, or empty when it does not fit the format. */
  public Optional<LocalDateTime> parse(String text) {
    String value = text.strip();
    try {
      return Optional.of(
          switch (format) {
            case AUTO -> auto(value);
            case "iso" -> utc(ISO.parse(value));
            case "apache" -> utc(APACHE.parse(value));
            case "syslog" -> syslog(value);
            case "epoch-millis" -> epoch(Long.parseLong(value));
            case "epoch-seconds" -> epoch(Math.multiplyExact(Long.parseLong(value), 1000));
            default -> utc(pattern.parse(value));
          });
    } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static LocalDateTime auto(String value) {
    if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() <= 16) {
      long number = Long.parseLong(value);
      // Up to 11 digits are seconds (until the year 5138), more are milliseconds.
      return epoch(value.length() <= 11 ? Math.multiplyExact(number, 1000) : number);
    }
    try {
      return utc(ISO.parse(value));
    } catch (DateTimeException e) {
      // try the next
    }
    try {
      return utc(APACHE.parse(value));
    } catch (DateTimeException e) {
      return syslog(value);
    }
  }

  private static LocalDateTime syslog(String value) {
    String collapsed = value.replaceAll(" +", " ");
    DateTimeFormatter f =
        new DateTimeFormatterBuilder()
            .appendPattern("MMM d HH:mm:ss")
            .parseDefaulting(ChronoField.YEAR, ZonedDateTime.now(ZoneOffset.UTC).getYear())
            .toFormatter(Locale.ENGLISH);
    return LocalDateTime.from(f.parse(collapsed));
  }

  private static LocalDateTime epoch(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static LocalDateTime utc(TemporalAccessor parsed) {
    LocalDateTime local = LocalDateTime.from(parsed);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      int offset = parsed.get(ChronoField.OFFSET_SECONDS);
      return local.minusSeconds(offset);
    }
    return local;
  }
}
