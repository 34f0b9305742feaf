package io.sluice.model.logtail;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
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
            case "apache" -> apache(value);
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
      return apache(value);
    } catch (DateTimeException e) {
      return syslog(value);
    }
  }

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /**
   * An Apache time: the common shape ({@code 02/Dec/2026:05:13:00 +0100}) read by hand, anything
   * else by the formatter, which keeps defining the rules and the errors. The formatter cost a
   * fifth of the log-tail fetcher's time (a field map and a resolver run per line), more than the
   * grok match's named groups.
   */
  static LocalDateTime apache(String value) {
    LocalDateTime fast = apacheFast(value);
    return fast != null ? fast : utc(APACHE.parse(value));
  }

  /**
   * {@code dd/MMM/yyyy:HH:mm:ss +HHMM} with every field in range, as the formatter reads it; null
   * for anything else, including what the formatter would resolve or refuse (the 30th of February,
   * hour 24, year 0).
   */
  static LocalDateTime apacheFast(String v) {
    if (v.length() != 26
        || v.charAt(2) != '/'
        || v.charAt(6) != '/'
        || v.charAt(11) != ':'
        || v.charAt(14) != ':'
        || v.charAt(17) != ':'
        || v.charAt(20) != ' ') {
      return null;
    }
    int day = digits(v, 0, 2);
    int year = digits(v, 7, 4);
    int hour = digits(v, 12, 2);
    int minute = digits(v, 15, 2);
    int second = digits(v, 18, 2);
    int offsetHours = digits(v, 22, 2);
    int offsetMinutes = digits(v, 24, 2);
    char sign = v.charAt(21);
    int month = 0;
    for (int m = 0; m < 12 && month == 0; m++) {
      month = v.regionMatches(3, MONTHS, m * 3, 3) ? m + 1 : 0;
    }
    if ((day | year | hour | minute | second | offsetHours | offsetMinutes) < 0
        || (sign != '+' && sign != '-')
        || month < 1
        || year == 0
        || day == 0
        || day > YearMonth.of(year, month).lengthOfMonth()
        || hour > 23
        || minute > 59
        || second > 59
        || offsetHours > 17
        || offsetMinutes > 59) {
      return null;
    }
    int offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
    return LocalDateTime.of(year, month, day, hour, minute, second).minusSeconds(offset);
  }

  /** The decimal number of {@code length} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int length) {
    int n = 0;
    for (int i = from; i < from + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
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
