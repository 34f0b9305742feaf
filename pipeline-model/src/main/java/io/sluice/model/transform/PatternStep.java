package io.sluice.model.transform;

import io.sluice.model.schema.Field;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of a pattern node's sequence, written {@code name: condition} (one record), {@code
 * name{3}: condition} (exactly three in a row), {@code name+: condition} (one or more) or {@code
 * name{2,}: condition} (two or more). The condition is SQL over the fields of a record.
 *
 * <pre>{@code
 * PatternStep.parse("failed{3}: outcome = 'failure'");
 * }</pre>
 */
public record PatternStep(String name, int times, boolean orMore, String condition) {

  private static final Pattern ENTRY =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(\\+|\\{\\s*(\\d{1,4})\\s*(,)?\\s*\\})?\\s*:(.*)",
          Pattern.DOTALL);

  public PatternStep {
    Objects.requireNonNull(name, "name");
    if (times < 1) {
      throw new IllegalArgumentException("Step " + name + ": times must be at least 1");
    }
    if (condition == null || condition.isBlank()) {
      throw new IllegalArgumentException("Step " + name + ": condition must not be blank");
    }
  }

  /** The quantifier as written in a MATCH_RECOGNIZE pattern: empty, {@code {3}}, {@code +}. */
  public String quantifier() {
    if (orMore) {
      return times == 1 ? "+" : "{" + times + ",}";
    }
    return times == 1 ? "" : "{" + times + "}";
  }

  /** A parsed entry, or why it cannot be read: exactly one of the two is present. */
  public record Parsed(Optional<PatternStep> step, Optional<String> problem) {}

  public static Parsed parse(String entry) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches() || m.group(5).isBlank() || !Field.isValidName(m.group(1))) {
      return new Parsed(
          Optional.empty(),
          Optional.of(
              "\""
                  + entry
                  + "\" must read name: condition, with an optional quantifier after the name"
                  + " ({3} for exactly three records, + for one or more, {2,} for two or more),"
                  + " for example failed{3}: outcome = 'failure'"));
    }
    String q = m.group(2);
    int times = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    boolean more = "+".equals(q) || m.group(4) != null;
    if (times < 1) {
      return new Parsed(
          Optional.empty(),
          Optional.of("\"" + entry + "\": a step must match at least one record"));
    }
    return new Parsed(
        Optional.of(new PatternStep(m.group(1), times, more, m.group(5).strip())),
        Optional.empty());
  }
}
