package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.ENUM;
import static io.sluice.model.nodetype.FieldKind.INTEGER;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;

import java.util.List;

/**
 * The descriptor of the log-file tail source ({@code log-tail}), kept apart from {@link
 * BuiltInNodeTypes} because it is long; that class registers it.
 */
final class LogNodeTypes {

  private LogNodeTypes() {}

  static final NodeTypeDescriptor LOG_TAIL_V1 =
      new NodeTypeDescriptor(
          BuiltInNodeTypes.LOG_TAIL,
          1,
          NodeRole.SOURCE,
          "Log files (tail)",
          "Follows the log files of a directory as they grow, like tail -F: lines appended are read"
              + " within a moment, rotated files (renamed, or copied and truncated) are finished"
              + " without losing or repeating a line, and the position in each file is kept in the"
              + " pipeline's checkpoints. Lines are read as text, by a regular expression, by grok"
              + " patterns or as JSON; lines that do not parse go to the dead-letter.",
          List.of(),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("path", STRING)
                  .label("Directory")
                  .required()
                  .help(
                      "Absolute path of the directory that holds the log files, for example"
                          + " /var/log/nginx.")
                  .group("Source")
                  .build(),
              ConfigField.builder("filePattern", STRING)
                  .label("File name pattern")
                  .defaultValue("*.log")
                  .help(
                      "Glob matched against file names (not paths): * any characters, ? one"
                          + " character, {a,b} either, for example access.log or app-*.log. A file"
                          + " renamed away from the pattern by rotation is still read to its end.")
                  .group("Source")
                  .build(),
              ConfigField.builder("startAt", ENUM)
                  .label("Start at")
                  .allowedValues("beginning", "end")
                  .defaultValue("beginning")
                  .help(
                      "For files already there when the pipeline first starts: beginning reads"
                          + " them whole, end only what is appended from then on. Files created"
                          + " later are always read from their beginning, and a restarted pipeline"
                          + " resumes from its checkpoint.")
                  .group("Source")
                  .build(),
              ConfigField.builder("format", ENUM)
                  .label("Format")
                  .allowedValues("text", "grok", "regex", "json")
                  .defaultValue("text")
                  .help(
                      "text: each event is one string field, message. grok: a grok expression"
                          + " such as %{COMBINEDAPACHELOG} names the fields. regex: a Java regular"
                          + " expression whose named groups (?<name>...) become fields. json: each"
                          + " event is a JSON object; declare its fields.")
                  .group("Parsing")
                  .build(),
              ConfigField.builder("linePattern", STRING)
                  .label("Pattern")
                  .help(
                      "For grok or regex; the whole event must match. Grok: %{NAME:field} captures"
                          + " a built-in pattern into a field, %{NUMBER:bytes:int} as a number."
                          + " Built in are, among others, COMBINEDAPACHELOG (also nginx),"
                          + " COMMONAPACHELOG, SYSLOGLINE (RFC 3164), SYSLOG5424LINE (RFC 5424),"
                          + " TIMESTAMP_ISO8601, LOGLEVEL, IPORHOST, NUMBER, WORD, GREEDYDATA.")
                  .group("Parsing")
                  .build(),
              ConfigField.builder("grokPatterns", STRING_LIST)
                  .label("Custom grok patterns")
                  .help(
                      "More named patterns for grok, one entry each as NAME regex, for example"
                          + " ORDERID [A-Z]{3}-[0-9]+.")
                  .group("Parsing")
                  .build(),
              ConfigField.builder("fields", STRING_LIST)
                  .label("Fields")
                  .help(
                      "For json: the fields of each object, one entry each as name: type. For grok"
                          + " or regex: optional types of captured fields, such as status: long"
                          + " (captures are strings unless typed). Types: string, long, double,"
                          + " decimal, boolean, date, timestamp.")
                  .group("Parsing")
                  .build(),
              ConfigField.builder("continuationPattern", STRING)
                  .label("Continuation lines")
                  .help(
                      "A Java regular expression for lines that continue the event before them"
                          + " instead of starting one, for example ^(\\s|at |Caused by:) for Java"
                          + " stack traces. Empty: every line is an event.")
                  .group("Multi-line")
                  .build(),
              ConfigField.builder("multilineMaxLines", INTEGER)
                  .label("Most lines per event")
                  .defaultValue(500)
                  .min(1)
                  .max(100_000)
                  .help("An event that reaches this many lines is cut there; the rest is the next.")
                  .group("Multi-line")
                  .build(),
              ConfigField.builder("multilineMaxBytes", INTEGER)
                  .label("Most bytes per event")
                  .defaultValue(1_048_576)
                  .min(1024)
                  .max(8_388_608)
                  .help("An event that reaches this size is cut there; the rest is the next.")
                  .group("Multi-line")
                  .build(),
              ConfigField.builder("multilineTimeout", DURATION)
                  .label("Flush an event after")
                  .defaultValue("1s")
                  .help(
                      "An event whose file has had no new line for this long is complete: the"
                          + " last event of a file is not held back until the next line comes.")
                  .group("Multi-line")
                  .build(),
              ConfigField.builder("timestampField", STRING)
                  .label("Event time field")
                  .help(
                      "A field holding the event's time, such as timestamp. It becomes a timestamp"
                          + " field (UTC) and the event time of the record, with watermarks, for"
                          + " windows downstream. A value that cannot be read sends the event to"
                          + " the dead-letter. Empty: no event time.")
                  .group("Event time")
                  .build(),
              ConfigField.builder("timestampFormat", STRING)
                  .label("Time format")
                  .defaultValue("auto")
                  .help(
                      "auto (ISO-8601, then Apache, then syslog; a number is epoch seconds or millis), iso, apache (02/Dec/2026:04:13:00"
                          + " +0000), syslog (Dec  2 04:13:00, this year), epoch-millis,"
                          + " epoch-seconds, or a Java DateTimeFormatter pattern such as"
                          + " yyyy/MM/dd HH:mm:ss. A time without offset is UTC.")
                  .group("Event time")
                  .build(),
              ConfigField.builder("watermarkDelay", DURATION)
                  .label("Allowed lateness")
                  .defaultValue("5s")
                  .help(
                      "How far event times may run out of order: the watermark trails the newest"
                          + " event time by this much.")
                  .group("Event time")
                  .build(),
              ConfigField.builder("fileField", STRING)
                  .label("File field")
                  .help(
                      "Optional: the name of a string field that gets the path of the file the"
                          + " event was read from. Empty: not included.")
                  .group("Source")
                  .build(),
              ConfigField.builder("charset", STRING)
                  .label("Character set")
                  .defaultValue("UTF-8")
                  .help("The encoding of the files, such as UTF-8 or ISO-8859-1.")
                  .group("Source")
                  .build(),
              ConfigField.builder("pollInterval", DURATION)
                  .label("Check for new lines every")
                  .defaultValue("250ms")
                  .help(
                      "How often the files are checked for new lines and the directory for new"
                          + " and rotated files.")
                  .group("Source")
                  .build(),
              ConfigField.builder("onError", ENUM)
                  .label("Lines that do not parse")
                  .allowedValues("dead-letter", "skip", "fail")
                  .defaultValue("dead-letter")
                  .help(
                      "dead-letter: keep the event, its file and byte offset and the reason in the"
                          + " dead-letter table, and go on. skip: count it and go on. fail: stop"
                          + " the pipeline (it restarts by its restart policy and meets the event"
                          + " again).")
                  .group("Errors")
                  .build()));
}
