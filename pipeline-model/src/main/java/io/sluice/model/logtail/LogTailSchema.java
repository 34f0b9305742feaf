package io.sluice.model.logtail;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields a {@code log-tail} node emits, from its config: {@code message} for text; the
 * pattern's captures for regex and grok (typed by {@code fields} entries where given); the declared
 * {@code fields} for JSON. The timestamp field, if any, is a {@code timestamp}; the file field, if
 * any, a string at the end. Pure: the validator and the executor compute it the same way.
 *
 * <pre>{@code
 * LogTailSchema.of(LogFormat.GROK, "%{COMBINEDAPACHELOG}", List.of(), List.of(), "timestamp", null)
 * }</pre>
 */
public final class LogTailSchema {
  private LogTailSchema() {}

  /** How lines are read. */
  public enum LogFormat {
    TEXT,
    REGEX,
    GROK,
    JSON;

    public static Optional<LogFormat> of(String name) {
      try {
        return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException | NullPointerException e) {
        return Optional.empty();
      }
    }
  }

  /** The schema, and for regex and grok the pattern; or the config field at fault and why. */
  public record Result(RecordSchema schema, LogLinePattern pattern, String field, String error) {
    public boolean ok() {
      return error == null;
    }

    static Result fail(String field, String error) {
      return new Result(null, null, field, Objects.requireNonNull(error));
    }
  }

  /** The field that holds the whole event for the text format. */
  public static final String MESSAGE = "message";

  public static Result of(
      LogFormat format,
      String pattern,
      List<String> customPatterns,
      List<String> fields,
      String timestampField,
      String fileField) {
    RecordSchema.Parsed declared = RecordSchema.parse(fields);
    if (!declared.ok()) {
      var first = declared.problems().get(0);
      return Result.fail("fields", "Entry " + (first.index() + 1) + ": " + first.message());
    }
    List<Field> out = new ArrayList<>();
    LogLinePattern compiled = null;
    switch (format) {
      case TEXT -> {
        if (!fields.isEmpty()) {
          return Result.fail(
              "fields",
              "The text format has one field, message; declare fields with json,"
                  + " regex or grok.");
        }
        out.add(new Field(MESSAGE, FieldType.STRING));
      }
      case JSON -> {
        if (declared.schema().fields().isEmpty()) {
          return Result.fail(
              "fields", "Declare the fields of the JSON objects, for example level: string.");
        }
        out.addAll(declared.schema().fields());
      }
      case REGEX, GROK -> {
        LogLinePattern.Result r =
            format == LogFormat.REGEX
                ? LogLinePattern.regex(pattern)
                : LogLinePattern.grok(pattern, customPatterns);
        if (!r.ok()) {
          return Result.fail("pattern", r.error());
        }
        compiled = r.pattern();
        for (LogLinePattern.Capture c : compiled.captures()) {
          out.add(
              declared
                  .schema()
                  .field(c.field())
                  .map(f -> new Field(c.field(), f.type()))
                  .orElse(new Field(c.field(), c.type())));
        }
        for (Field f : declared.schema().fields()) {
          if (compiled.captures().stream().noneMatch(c -> c.field().equalsIgnoreCase(f.name()))) {
            return Result.fail(
                "fields",
                "Field '"
                    + f.name()
                    + "' is not captured by the pattern; it captures "
                    + compiled.captures().stream().map(LogLinePattern.Capture::field).toList()
                    + ".");
          }
        }
      }
    }
    if (timestampField != null && !timestampField.isBlank()) {
      String name = timestampField.strip();
      int at = indexOf(out, name);
      if (at < 0) {
        return Result.fail(
            "timestampField",
            "Field '"
                + name
                + "' is not one of the fields "
                + out.stream().map(Field::name).toList()
                + ".");
      }
      out.set(at, new Field(out.get(at).name(), FieldType.TIMESTAMP));
    }
    if (fileField != null && !fileField.isBlank()) {
      String name = fileField.strip();
      if (!Field.isValidName(name)) {
        return Result.fail(
            "fileField",
            "Field name '"
                + name
                + "' must start with a letter or _ and hold only"
                + " letters, digits and _.");
      }
      if (indexOf(out, name) >= 0) {
        return Result.fail("fileField", "Field '" + name + "' is already a field of the line.");
      }
      out.add(new Field(name, FieldType.STRING));
    }
    return new Result(new RecordSchema(out), compiled, null, null);
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
