package io.sluice.model.logtail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named patterns a grok expression may use ({@code %{IPORHOST:client}}), the common ones of
 * Logstash's base set: numbers and words, IP addresses and host names, paths and URIs, dates and
 * times (ISO-8601, HTTP, syslog), log levels, and whole lines: {@code COMMONAPACHELOG}, {@code
 * COMBINEDAPACHELOG} (also nginx's default {@code combined} format, as {@code NGINXACCESS}), {@code
 * SYSLOGLINE} (RFC 3164) and {@code SYSLOG5424LINE} (RFC 5424).
 *
 * <p>Kept as a table of Java regular expressions rather than a grok library: the grok libraries on
 * Maven Central are unmaintained, and a table of strings expanded by {@link GrokExpression} is
 * short, has no dependencies, and runs on the JDK's regex engine (lookbehind and atomic groups
 * included), which is what the model module may use.
 */
public final class GrokPatterns {
  private GrokPatterns() {}

  private static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

  private static void define(String name, String regex) {
    BUILT_IN.put(name, regex);
  }

  static {
    define("USERNAME", "[a-zA-Z0-9._-]+");
    define("USER", "%{USERNAME}");
    define("INT", "(?:[+-]?(?:[0-9]+))");
    define("BASE10NUM", "(?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))");
    define("NUMBER", "(?:%{BASE10NUM})");
    define("BASE16NUM", "(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))");
    define("POSINT", "\\b(?:[1-9][0-9]*)\\b");
    define("NONNEGINT", "\\b(?:[0-9]+)\\b");
    define("WORD", "\\b\\w+\\b");
    define("NOTSPACE", "\\S+");
    define("SPACE", "\\s*");
    define("DATA", ".*?");
    define("GREEDYDATA", ".*");
    define(
        "QUOTEDSTRING",
        "(?>(?<!\\\\)(?>\"(?>\\\\.|[^\\\\\"]+)+\"|\"\"|(?>'(?>\\\\.|[^\\\\']+)+')|''"
            + "|(?>`(?>\\\\.|[^\\\\`]+)+`)|``))");
    define("QS", "%{QUOTEDSTRING}");
    define("UUID", "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}");
    String octet = "(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})";
    define(
        "IPV4",
        "(?<![0-9])(?:" + octet + "\\." + octet + "\\." + octet + "\\." + octet + ")(?![0-9])");
    define("IPV6", "(?:(?:[0-9A-Fa-f]{0,4}:){2,7}(?:%{IPV4}|[0-9A-Fa-f]{0,4})(?:%[0-9A-Za-z]+)?)");
    define("IP", "(?:%{IPV6}|%{IPV4})");
    define(
        "HOSTNAME",
        "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)");
    define("IPORHOST", "(?:%{IP}|%{HOSTNAME})");
    define("HOSTPORT", "%{IPORHOST}:%{POSINT}");
    define("UNIXPATH", "(?:/[\\w_%!$@:.,+~-]*)+");
    define("WINPATH", "(?>[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+");
    define("PATH", "(?:%{UNIXPATH}|%{WINPATH})");
    define("URIPROTO", "[A-Za-z](?:[A-Za-z0-9+\\-.]+)+");
    define("URIHOST", "%{IPORHOST}(?::%{POSINT})?");
    define("URIPATH", "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+");
    define("URIPARAM", "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*");
    define("URIPATHPARAM", "%{URIPATH}(?:%{URIPARAM})?");
    define("URI", "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?");
    define(
        "MONTH",
        "\\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]un(?:e)?"
            + "|[Jj]ul(?:y)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?"
            + "|[Dd]ec(?:ember)?)\\b");
    define("MONTHNUM", "(?:0?[1-9]|1[0-2])");
    define("MONTHDAY", "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])");
    define(
        "DAY",
        "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?"
            + "|Sun(?:day)?)");
    define("YEAR", "(?>\\d\\d){1,2}");
    define("HOUR", "(?:2[0123]|[01]?[0-9])");
    define("MINUTE", "(?:[0-5][0-9])");
    define("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)");
    define("TIME", "(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])");
    define("DATE_US", "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}");
    define("DATE_EU", "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}");
    define("DATE", "(?:%{DATE_US}|%{DATE_EU})");
    define("DATESTAMP", "%{DATE}[- ]%{TIME}");
    define("TZ", "(?:[APMCE][SD]T|UTC)");
    define("ISO8601_TIMEZONE", "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))");
    define(
        "TIMESTAMP_ISO8601",
        "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?");
    define("HTTPDATE", "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}");
    define("SYSLOGTIMESTAMP", "%{MONTH} +%{MONTHDAY} %{TIME}");
    define("PROG", "[\\x21-\\x5a\\x5c\\x5e-\\x7e]+");
    define("SYSLOGPROG", "%{PROG:program}(?:\\[%{POSINT:pid}\\])?");
    define("SYSLOGHOST", "%{IPORHOST}");
    define("SYSLOGFACILITY", "<%{NONNEGINT:facility}.%{NONNEGINT:priority}>");
    define(
        "LOGLEVEL",
        "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?"
            + "|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?"
            + "|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?"
            + "|[Ee]merg(?:ency)?)");
    define(
        "COMMONAPACHELOG",
        "%{IPORHOST:clientip} %{USER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\]"
            + " \"(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?"
            + "|%{DATA:rawrequest})\" %{NUMBER:response:int} (?:%{NUMBER:bytes:int}|-)");
    define("COMBINEDAPACHELOG", "%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}");
    define("NGINXACCESS", "%{COMBINEDAPACHELOG}");
    define(
        "SYSLOGLINE",
        "(?:<%{NONNEGINT:priority:int}>)?%{SYSLOGTIMESTAMP:timestamp} %{SYSLOGHOST:logsource}"
            + " %{SYSLOGPROG}: %{GREEDYDATA:message}");
    define("SYSLOG5424PRINTASCII", "[!-~]+");
    define("SYSLOG5424SD", "(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+");
    // "-" (no value) first, since PRINTASCII matches a dash too.
    define(
        "SYSLOG5424LINE",
        "<%{NONNEGINT:priority:int}>%{NONNEGINT:version:int} +(?:-|%{TIMESTAMP_ISO8601:timestamp})"
            + " +(?:-|%{IPORHOST:logsource}) +(?:-|%{SYSLOG5424PRINTASCII:app})"
            + " +(?:-|%{SYSLOG5424PRINTASCII:procid}) +(?:-|%{SYSLOG5424PRINTASCII:msgid})"
            + " +(?:-|%{SYSLOG5424SD:structured})(?: +%{GREEDYDATA:message})?");
  }

  /** The built-in patterns by name, in a fixed order. */
  public static Map<String, String> builtIn() {
    return java.util.Collections.unmodifiableMap(BUILT_IN);
  }
}
