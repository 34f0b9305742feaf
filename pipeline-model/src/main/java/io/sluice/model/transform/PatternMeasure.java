package io.sluice.model.transform;

import io.sluice.model.schema.Field;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value a pattern node puts out per match, written {@code name = first(step.field)} or {@code
 * name = last(step.field)}: the field of the first or last record that step matched.
 *
 * <pre>{@code
 * PatternMeasure.parse("from_ip = last(failed.ip)");
 * }</pre>
 */
public record PatternMeasure(String name, boolean first, String step, String field) {

  private static final Pattern ENTRY =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(first|last)\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*"
              + "\\.\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*",
          Pattern.CASE_INSENSITIVE);

  public PatternMeasure {
    Objects.requireNonNull(step, "step");
    if (!Field.isValidName(name) || !Field.isValidName(field)) {
      throw new IllegalArgumentException("Not field names: " + name + ", " + field);
    }
  }

  /** As written: {@code first(failed.ip)}. */
  public String written() {
    return (first ? "first" : "last") + "(" + step + "." + field + ")";
  }

  /** A parsed entry, or why it cannot be read: exactly one of the two is present. */
  public record Parsed(Optional<PatternMeasure> measure, Optional<String> problem) {}

  public static Parsed parse(String entry) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) {
      return new Parsed(
          Optional.empty(),
          Optional.of(
              "\""
                  + entry
                  + "\" must read name = first(step.field) or name = last(step.field), for"
                  + " example first_ip = first(failed.ip)"));
    }
    return new Parsed(
        Optional.of(
            new PatternMeasure(
                m.group(1),
                m.group(2).toLowerCase(Locale.ROOT).equals("first"),
                m.group(3),
                m.group(4))),
        Optional.empty());
  }
}
