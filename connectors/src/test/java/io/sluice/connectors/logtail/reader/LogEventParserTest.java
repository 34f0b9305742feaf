package io.sluice.connectors.logtail.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.model.logtail.LogTailSchema.LogFormat;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogEventParserTest {

  private static LogEventParser parser(
      LogFormat format, String pattern, List<String> fields, String timestampField) {
    return new LogEventParser(settings(format, pattern, List.of(), fields, timestampField));
  }

  private static LogTailSettings settings(
      LogFormat format,
      String pattern,
      List<String> customPatterns,
      List<String> fields,
      String timestampField) {
    return new LogTailSettings(
        "/var/log",
        "*.log",
        false,
        Duration.ofSeconds(1),
        LogTailSettings.Multiline.NONE,
        format,
        pattern,
        customPatterns,
        fields,
        timestampField,
        "auto",
        "file",
        "UTF-8");
  }

  /** The parsed row as field name to value, by the node's schema. */
  private static Map<String, Object> byName(LogTailSettings settings, LogEventParser.Parsed p) {
    assertThat(p.reason()).isNull();
    List<String> names = settings.schema().names();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), p.row().getField(i));
    }
    return out;
  }

  @Test
  void grokWithUnnamedAndNestedGroupsInCustomPatternsFillsEveryFieldFromItsOwnGroup() {
    LogTailSettings settings =
        settings(
            LogFormat.GROK,
            "%{TIMESTAMP_ISO8601:at} (%{LOGLEVEL:level}|-) (%{ITEM:item}) took"
                + " (?:%{NUMBER:ms:float}ms|%{NUMBER:ms:float}s)",
            List.of("ORDER \\(([A-Z]{3})\\)-(%{POSINT})", "ITEM %{ORDER:order}/%{INT:qty:int}"),
            List.of(),
            "at");
    LogEventParser parser = new LogEventParser(settings);

    assertThat(
            byName(settings, parser.parse("2026-12-02T04:13:00Z WARN (ABC)-42/7 took 3.5s", "/a")))
        .containsExactly(
            Map.entry("at", LocalDateTime.of(2026, 12, 2, 4, 13)),
            Map.entry("level", "WARN"),
            Map.entry("order", "(ABC)-42"),
            Map.entry("qty", 7L),
            Map.entry("item", "(ABC)-42/7"),
            Map.entry("ms", 3.5),
            Map.entry("file", "/a"));
    Map<String, Object> second =
        byName(settings, parser.parse("2026-12-02T04:13:01Z - (XYZ)-1/-2 took 12ms", "/b"));
    assertThat(second.get("level")).isNull();
    assertThat(second)
        .containsEntry("order", "(XYZ)-1")
        .containsEntry("qty", -2L)
        .containsEntry("ms", 12.0);
    assertThat(parser.parse("2026-12-02T04:13:01Z - (XYZ)-1/x took 12ms", "/b").reason())
        .isEqualTo("The line does not match the grok pattern");
  }

  @Test
  void aRegexInCommentsModeIsReadByGroupNameAndGivesTheSameFields() {
    LogTailSettings settings =
        settings(
            LogFormat.REGEX,
            "(?x) (\\d+) \\s (?<level>[A-Z]+) \\s # the level, then (the rest\n (?<msg>.*)",
            List.of(),
            List.of(),
            null);
    Map<String, Object> row =
        byName(settings, new LogEventParser(settings).parse("12 WARN disk low", "/a"));
    assertThat(row).containsEntry("level", "WARN").containsEntry("msg", "disk low");
  }

  @Test
  void grokFillsTypedFieldsAndTheEventTime() {
    LogEventParser parser = parser(LogFormat.GROK, "%{COMMONAPACHELOG}", List.of(), "timestamp");
    LogEventParser.Parsed p =
        parser.parse(
            "10.0.0.1 - - [02/Dec/2026:05:13:00 +0100] \"GET / HTTP/1.1\" 200 512",
            "/var/log/a.log");
    assertThat(p.ok()).isTrue();
    LocalDateTime time = LocalDateTime.of(2026, 12, 2, 4, 13);
    assertThat(p.row().getField(0)).isEqualTo("10.0.0.1");
    assertThat(p.row().getField(3)).isEqualTo(time);
    assertThat(p.row().getField(8)).isEqualTo(200L);
    assertThat(p.row().getField(9)).isEqualTo(512L);
    assertThat(p.row().getField(p.row().getArity() - 1)).isEqualTo("/var/log/a.log");
    assertThat(p.timestamp()).isEqualTo(time.toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  @Test
  void aLineThatDoesNotMatchOrHasABadTimeSaysWhy() {
    LogEventParser parser = parser(LogFormat.GROK, "%{COMMONAPACHELOG}", List.of(), "timestamp");
    assertThat(parser.parse("garbage", "/a").reason())
        .isEqualTo("The line does not match the grok pattern");
    LogEventParser regex =
        parser(LogFormat.REGEX, "(?<at>\\S+) (?<n>\\S+)", List.of("n: long"), "at");
    assertThat(regex.parse("yesterday 5", "/a").reason())
        .isEqualTo("Field 'at': 'yesterday' is not a time of format auto");
    assertThat(regex.parse("2026-12-02T04:13:00Z x", "/a").reason())
        .isEqualTo("Field 'n': 'x' is not a valid long");
  }

  @Test
  void jsonLogsReadTheirTimeByTheFormat() {
    LogEventParser parser =
        parser(LogFormat.JSON, null, List.of("ts: string", "level: string", "n: long"), "ts");
    LogEventParser.Parsed p =
        parser.parse("{\"ts\": 1796184780000, \"level\": \"INFO\", \"n\": 3}", "/a");
    assertThat(p.reason()).isNull();
    assertThat(p.row().getField(0)).isEqualTo(LocalDateTime.of(2026, 12, 2, 4, 13));
    assertThat(p.row().getField(1)).isEqualTo("INFO");
    assertThat(p.row().getField(3)).isEqualTo("/a");
    assertThat(parser.parse("{not json", "/a").reason()).startsWith("Not valid JSON");
  }
}
