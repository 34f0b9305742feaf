package io.sluice.model.logtail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTimestampTest {
  private static LocalDateTime parse(String format, String text) {
    return LogTimestamp.of(format).orElseThrow().parse(text).orElse(null);
  }

  @Test
  void isoWithAndWithoutOffsetIsUtc() {
    LocalDateTime t = LocalDateTime.of(2026, 12, 2, 4, 13, 0);
    assertThat(parse("iso", "2026-12-02T04:13:00Z")).isEqualTo(t);
    assertThat(parse("iso", "2026-12-02T05:13:00+01:00")).isEqualTo(t);
    assertThat(parse("iso", "2026-12-02 04:13:00")).isEqualTo(t);
    assertThat(parse("iso", "2026-12-02 04:13:00,250")).isEqualTo(t.plusNanos(250_000_000));
    assertThat(parse("iso", "2026-12-02T04:13:00.5-0100"))
        .isEqualTo(t.plusHours(1).plusNanos(500_000_000));
  }

  @Test
  void apacheSyslogAndEpochs() {
    LocalDateTime t = LocalDateTime.of(2026, 12, 2, 4, 13, 0);
    assertThat(parse("apache", "02/Dec/2026:05:13:00 +0100")).isEqualTo(t);
    int year = ZonedDateTime.now(ZoneOffset.UTC).getYear();
    assertThat(parse("syslog", "Dec  2 04:13:00")).isEqualTo(t.withYear(year));
    assertThat(parse("epoch-millis", "1796184780000"))
        .isEqualTo(LocalDateTime.of(2026, 12, 2, 4, 13));
    assertThat(parse("epoch-seconds", "1796184780"))
        .isEqualTo(LocalDateTime.of(2026, 12, 2, 4, 13));
    assertThat(parse("yyyy/MM/dd HH:mm:ss", "2026/12/02 04:13:00")).isEqualTo(t);
  }

  @Test
  void autoTriesIsoThenApacheThenSyslog() {
    assertThat(parse("auto", "2026-12-02T04:13:00Z")).isNotNull();
    assertThat(parse("auto", "02/Dec/2026:04:13:00 +0000")).isNotNull();
    assertThat(parse("auto", "Dec  2 04:13:00")).isNotNull();
    assertThat(parse("auto", "yesterday")).isNull();
    assertThat(parse("auto", "1796184780")).isEqualTo(parse("auto", "1796184780000"));
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThat(LogTimestamp.of("yyyy-MM-dd'T")).isEmpty();
    assertThat(LogTimestamp.of("iso")).isPresent();
  }

  @Test
  void apacheTimesReadByHandEqualWhatTheFormatterReads() {
    DateTimeFormatter formatter =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    String[] months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "dec",
      "DEC", "Sept", "anF", "Fe", "xyz"
    };
    Random random = new Random(7);
    int readByHand = 0;
    for (int i = 0; i < 200_000; i++) {
      String text =
          String.format(
              Locale.ROOT,
              "%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d",
              random.nextInt(34),
              months[random.nextInt(months.length)],
              random.nextInt(10) == 0 ? random.nextInt(3) : 1990 + random.nextInt(60),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62),
              "+-+-x".charAt(random.nextInt(5)),
              random.nextInt(20),
              random.nextInt(62));
      if (random.nextInt(50) == 0) {
        text = text.substring(0, random.nextInt(text.length())); // cut short
      }
      LocalDateTime expected;
      try {
        TemporalAccessor parsed = formatter.parse(text);
        expected = LocalDateTime.from(parsed).minusSeconds(parsed.get(ChronoField.OFFSET_SECONDS));
      } catch (DateTimeException e) {
        expected = null;
      }
      LocalDateTime fast = LogTimestamp.apacheFast(text);
      if (fast != null) {
        readByHand++;
        assertThat(fast).as(text).isEqualTo(expected);
      }
      assertThat(parse("apache", text)).as(text).isEqualTo(expected);
    }
    assertThat(readByHand).isGreaterThan(20_000);
  }
}
