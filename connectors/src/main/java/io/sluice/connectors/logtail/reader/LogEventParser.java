package io.sluice.connectors.logtail.reader;

import io.sluice.connectors.file.format.FieldConverter;
import io.sluice.connectors.file.format.JsonLinesRowParser;
import io.sluice.connectors.file.format.ParseResult;
import io.sluice.connectors.file.format.ValueException;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.model.logtail.LogLinePattern;
import io.sluice.model.logtail.LogTailSchema;
import io.sluice.model.logtail.LogTimestamp;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;

/**
 * Reads an event's text into a row of the node's schema: as text, by a regex or grok pattern (which
 * must match the whole event), or as a JSON object; then the timestamp field into a UTC time, which
 * is also the event time. Never throws for bad input: the reason comes back in {@link
 * Parsed#reason()}. Not thread-safe: one per reader.
 *
 * <pre>{@code
 * LogEventParser parser = new LogEventParser(settings);
 * LogEventParser.Parsed p = parser.parse("127.0.0.1 - - [02/Dec/2026:04:13:00 +0000] ...", path);
 * }</pre>
 */
public final class LogEventParser {

  /** A row and its event time (epoch millis, or {@link Long#MIN_VALUE} without one), or why not. */
  public record Parsed(Row row, long timestamp, String reason) {
    public boolean ok() {
      return reason == null;
    }
  }

  private final LogTailSchema.LogFormat format;
  private final int width;
  private final Matcher matcher;

  /** Per field, the names of the groups that may fill it; read by name only without numbers. */
  private final String[][] groups;

  /** Per field, the numbers of the same groups, or null if they could not be told for sure. */
  private final int[][] groupNumbers;

  private final FieldType[] types;
  private final String[] names;
  private final JsonLinesRowParser json;
  private final int timestampIndex;
  private final LogTimestamp timestamp;
  private final String timestampFormat;
  private final int fileIndex;

  public LogEventParser(LogTailSettings settings) {
    LogTailSchema.Result result = settings.schemaResult();
    RecordSchema schema = result.schema();
    this.format = settings.format();
    this.width = schema.fields().size();
    this.names = schema.names().toArray(String[]::new);
    this.types = schema.fields().stream().map(Field::type).toArray(FieldType[]::new);
    this.timestampIndex =
        settings.timestampField() == null ? -1 : indexOf(schema, settings.timestampField());
    this.fileIndex = settings.fileField() == null ? -1 : indexOf(schema, settings.fileField());
    this.timestampFormat = settings.timestampFormat();
    this.timestamp = LogTimestamp.of(settings.timestampFormat()).orElseThrow();
    LogLinePattern pattern = result.pattern();
    if (pattern != null) {
      Pattern compiled = pattern.compile();
      this.matcher = compiled.matcher("");
      this.groups = new String[pattern.captures().size()][];
      for (int i = 0; i < groups.length; i++) {
        groups[i] = pattern.captures().get(i).groups().toArray(String[]::new);
      }
      // A lookup by name hashes the name on every line; by number it is an array read.
      this.groupNumbers = pattern.groupNumbers(compiled).orElse(null);
    } else {
      this.matcher = null;
      this.groups = null;
      this.groupNumbers = null;
    }
    if (format == LogTailSchema.LogFormat.JSON) {
      // The time is read here, by its format, not by the JSON reader's ISO rule.
      List<Field> jsonFields = new ArrayList<>(schema.fields());
      if (fileIndex >= 0) {
        jsonFields.remove(fileIndex);
      }
      if (timestampIndex >= 0) {
        jsonFields.set(timestampIndex, new Field(names[timestampIndex], FieldType.STRING));
      }
      this.json = new JsonLinesRowParser(new RecordSchema(jsonFields));
    } else {
      this.json = null;
    }
  }

  public Parsed parse(String text, String path) {
    Row row;
    switch (format) {
      case TEXT -> {
        row = Row.withPositions(width);
        row.setField(0, text);
      }
      case JSON -> {
        ParseResult result = json.parse(text);
        if (result instanceof ParseResult.Bad bad) {
          return new Parsed(null, Long.MIN_VALUE, bad.reason());
        }
        Row read = ((ParseResult.Good) result).row();
        row = Row.withPositions(width);
        for (int i = 0; i < read.getArity(); i++) {
          row.setField(i, read.getField(i));
        }
      }
      default -> {
        if (!matcher.reset(text).matches()) {
          return new Parsed(null, Long.MIN_VALUE, "The line does not match the " + describe());
        }
        row = Row.withPositions(width);
        for (int i = 0; i < groups.length; i++) {
          String value = groupNumbers != null ? firstByNumber(i) : firstByName(i);
          if (value == null || i == timestampIndex) {
            row.setField(i, value);
            continue;
          }
          try {
            row.setField(i, FieldConverter.fromText(value, types[i]));
          } catch (ValueException e) {
            return new Parsed(null, Long.MIN_VALUE, "Field '" + names[i] + "': " + e.getMessage());
          }
        }
      }
    }
    long eventTime = Long.MIN_VALUE;
    if (timestampIndex >= 0) {
      Object raw = row.getField(timestampIndex);
      if (raw == null) {
        return new Parsed(
            null,
            Long.MIN_VALUE,
            "Field '" + names[timestampIndex] + "' (the event time) is empty");
      }
      LocalDateTime time = timestamp.parse(raw.toString()).orElse(null);
      if (time == null) {
        return new Parsed(
            null,
            Long.MIN_VALUE,
            "Field '"
                + names[timestampIndex]
                + "': '"
                + abbreviate(raw.toString())
                + "' is not a time of format "
                + timestampFormat);
      }
      row.setField(timestampIndex, time);
      eventTime = time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (fileIndex >= 0) {
      row.setField(fileIndex, path);
    }
    return new Parsed(row, eventTime, null);
  }

  /** The value of the first of field {@code i}'s groups that took part in the match, or null. */
  private String firstByNumber(int i) {
    for (int group : groupNumbers[i]) {
      String value = matcher.group(group);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private String firstByName(int i) {
    for (String group : groups[i]) {
      String value = matcher.group(group);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private String describe() {
    return format == LogTailSchema.LogFormat.GROK ? "grok pattern" : "regular expression";
  }

  private static int indexOf(RecordSchema schema, String name) {
    for (int i = 0; i < schema.fields().size(); i++) {
      if (schema.fields().get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("No field " + name);
  }

  private static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
