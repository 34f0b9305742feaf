package io.sluice.model.logtail;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.schema.FieldType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LogLinePatternTest {

  /**
   * The fields a pattern reads from a line, or null if it does not match; read both by group name
   * and by {@link LogLinePattern#groupNumbers}, which must agree.
   */
  private static Map<String, String> fields(LogLinePattern pattern, String line) {
    Pattern compiled = pattern.compile();
    Matcher m = compiled.matcher(line);
    if (!m.matches()) {
      return null;
    }
    int[][] numbers = pattern.groupNumbers(compiled).orElseThrow();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pattern.captures().size(); i++) {
      LogLinePattern.Capture c = pattern.captures().get(i);
      String value = null;
      for (String g : c.groups()) {
        value = value != null ? value : m.group(g);
      }
      String byNumber = null;
      for (int g : numbers[i]) {
        byNumber = byNumber != null ? byNumber : m.group(g);
      }
      assertThat(byNumber).as("field " + c.field() + " by group number").isEqualTo(value);
      out.put(c.field(), value);
    }
    return out;
  }

  private static LogLinePattern grok(String expression) {
    LogLinePattern.Result r = LogLinePattern.grok(expression, List.of());
    assertThat(r.error()).isNull();
    return r.pattern();
  }

  @Test
  void combinedApacheLogReadsEveryField() {
    LogLinePattern p = grok("%{COMBINEDAPACHELOG}");
    Map<String, String> f =
        fields(
            p,
            "203.0.113.9 - frank [02/Dec/2026:04:13:00 +0000] \"GET /index.html?q=1 HTTP/1.1\""
                + " 200 2326 \"http://example.com/start\" \"Mozilla/5.0 (X11)\"");
    assertThat(f)
        .containsEntry("clientip", "203.0.113.9")
        .containsEntry("ident", "-")
        .containsEntry("auth", "frank")
        .containsEntry("timestamp", "02/Dec/2026:04:13:00 +0000")
        .containsEntry("verb", "GET")
        .containsEntry("request", "/index.html?q=1")
        .containsEntry("httpversion", "1.1")
        .containsEntry("response", "200")
        .containsEntry("bytes", "2326")
        .containsEntry("referrer", "\"http://example.com/start\"")
        .containsEntry("agent", "\"Mozilla/5.0 (X11)\"");
    assertThat(p.captures())
        .filteredOn(c -> c.field().equals("response"))
        .extracting(LogLinePattern.Capture::type)
        .containsExactly(FieldType.LONG);
  }

  @Test
  void nginxCombinedIsTheSameFormatWithADashForNoBytes() {
    Map<String, String> f =
        fields(
            grok("%{NGINXACCESS}"),
            "2001:db8::1 - - [02/Dec/2026:04:13:00 +0100] \"POST /api HTTP/2.0\" 204 - \"-\""
                + " \"curl/8.5\"");
    assertThat(f).containsEntry("clientip", "2001:db8::1").containsEntry("bytes", null);
  }

  @Test
  void syslogRfc3164() {
    Map<String, String> f =
        fields(
            grok("%{SYSLOGLINE}"),
            "<34>Dec  2 04:13:00 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8");
    assertThat(f)
        .containsEntry("priority", "34")
        .containsEntry("timestamp", "Dec  2 04:13:00")
        .containsEntry("logsource", "mymachine")
        .containsEntry("program", "su")
        .containsEntry("pid", "230")
        .containsEntry("message", "'su root' failed for lonvick on /dev/pts/8");
  }

  @Test
  void syslogRfc5424WithStructuredData() {
    Map<String, String> f =
        fields(
            grok("%{SYSLOG5424LINE}"),
            "<165>1 2026-12-02T04:13:00.003Z host.example.com evntslog - ID47"
                + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application"
                + " event");
    assertThat(f)
        .containsEntry("priority", "165")
        .containsEntry("version", "1")
        .containsEntry("timestamp", "2026-12-02T04:13:00.003Z")
        .containsEntry("logsource", "host.example.com")
        .containsEntry("app", "evntslog")
        .containsEntry("procid", null)
        .containsEntry("msgid", "ID47")
        .containsEntry("structured", "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"]")
        .containsEntry("message", "An application event");
  }

  @Test
  void isoTimestampsLevelsAndAGreedyRestSpanningLines() {
    LogLinePattern p =
        grok(
            "%{TIMESTAMP_ISO8601:time} +%{LOGLEVEL:level} +\\[%{DATA:thread}\\] %{GREEDYDATA:msg}");
    Map<String, String> f =
        fields(p, "2026-12-02 04:13:00,123 ERROR [main] boom\n\tat a.B.c(B.java:1)");
    assertThat(f)
        .containsEntry("time", "2026-12-02 04:13:00,123")
        .containsEntry("level", "ERROR")
        .containsEntry("thread", "main")
        .containsEntry("msg", "boom\n\tat a.B.c(B.java:1)");
  }

  @Test
  void customPatternsMayUseTheBuiltInOnes() {
    LogLinePattern.Result r =
        LogLinePattern.grok(
            "order %{ORDER:order} took %{NUMBER:ms:float}ms", List.of("ORDER [A-Z]{3}-%{POSINT}"));
    assertThat(fields(r.pattern(), "order ABC-42 took 3.5ms"))
        .containsEntry("order", "ABC-42")
        .containsEntry("ms", "3.5");
    assertThat(r.pattern().captures().get(1).type()).isEqualTo(FieldType.DOUBLE);
  }

  @Test
  void unnamedAndNestedGroupsInCustomPatternsKeepEveryFieldInItsPlace() {
    LogLinePattern.Result r =
        LogLinePattern.grok(
            "(%{LOGLEVEL:level}|-) (%{ITEM:item}) took"
                + " (?:%{NUMBER:ms:float}ms|%{NUMBER:ms:float}s)",
            List.of("ORDER \\(([A-Z]{3})\\)-(%{POSINT})", "ITEM %{ORDER:order}/%{INT:qty:int}"));
    assertThat(r.error()).isNull();
    assertThat(r.pattern().captures())
        .extracting(LogLinePattern.Capture::field)
        .containsExactly("level", "order", "qty", "item", "ms");
    assertThat(fields(r.pattern(), "WARN (ABC)-42/7 took 3.5s"))
        .containsEntry("level", "WARN")
        .containsEntry("order", "(ABC)-42")
        .containsEntry("qty", "7")
        .containsEntry("item", "(ABC)-42/7")
        .containsEntry("ms", "3.5");
    assertThat(fields(r.pattern(), "- (XYZ)-1/-2 took 12ms"))
        .containsEntry("level", null)
        .containsEntry("order", "(XYZ)-1")
        .containsEntry("qty", "-2")
        .containsEntry("ms", "12");
  }

  @Test
  void aRegexWithUnnamedGroupsBeforeItsNamedOnesReadsThemByNumberToo() {
    LogLinePattern p =
        LogLinePattern.regex("(\\d+)[(]x(?:y)?\\Q(\\E (?<level>[A-Z]+)(( )(?<msg>.*))").pattern();
    assertThat(fields(p, "12(x( WARN disk low"))
        .containsEntry("level", "WARN")
        .containsEntry("msg", "disk low");
  }

  @Test
  void mistakesAreReportedNotThrown() {
    assertThat(LogLinePattern.grok("%{NOPE:x}", List.of()).error())
        .startsWith("Unknown grok pattern %{NOPE}");
    assertThat(LogLinePattern.grok("%{A}", List.of("A %{A}")).error()).contains("loop");
    assertThat(LogLinePattern.grok("%{WORD:x:date}", List.of()).error())
        .contains("unknown type :date");
    assertThat(LogLinePattern.grok("x", List.of("lower-case regex")).error())
        .contains("must read NAME regex");
    assertThat(LogLinePattern.regex("(?<a>x").error()).startsWith("Not a valid regular expression");
    assertThat(LogLinePattern.regex("(\\d+)").error()).contains("no named groups");
  }

  @Test
  void aRegexNamesItsFieldsByItsGroups() {
    LogLinePattern p = LogLinePattern.regex("(?<level>[A-Z]+) (?<msg>.*)").pattern();
    assertThat(p.captures())
        .extracting(LogLinePattern.Capture::field)
        .containsExactly("level", "msg");
    assertThat(fields(p, "WARN disk low"))
        .containsEntry("level", "WARN")
        .containsEntry("msg", "disk low");
  }
}
