package io.sluice.model.transform;

import io.sluice.model.schema.Field;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One aggregate of a window-aggregate node, written {@code name = function(field)} in its config:
 *
 * <pre>{@code
 * AggregateCall.parse("orders = count(*)");
 * AggregateCall.parse("revenue = sum(amount)");
 * AggregateCall.parse("customers = count(distinct customer)");
 * }</pre>
 *
 * @param field the input field aggregated; empty only for {@code count(*)}
 */
public record AggregateCall(String name, Function function, Optional<String> field) {

  /** What an aggregate computes over the records of one window and group. */
  public enum Function {
    COUNT,
    SUM,
    MIN,
    MAX,
    AVG,
    COUNT_DISTINCT;

    /** How a person writes it: {@code count}, {@code count distinct}. */
    public String written() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  private static final Pattern ENTRY =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*([A-Za-z_]+)\\s*\\(\\s*(distinct\\s+)?"
              + "(\\*|[A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*",
          Pattern.CASE_INSENSITIVE);

  public AggregateCall {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(field, "field");
    if (!Field.isValidName(name)) {
      throw new IllegalArgumentException("Aggregate name '" + name + "' is not a field name");
    }
    if (field.isEmpty() && function != Function.COUNT) {
      throw new IllegalArgumentException(name + ": only count(*) aggregates no field");
    }
  }

  /** A parsed entry, or why it cannot be read: exactly one of the two is present. */
  public record Parsed(Optional<AggregateCall> call, Optional<String> problem) {}

  /** Reads {@code name = function(field)}; the problem says what a good entry looks like. */
  public static Parsed parse(String entry) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) {
      return problem(
          "\""
              + entry
              + "\" must read name = function(field), for example total = sum(amount) or"
              + " orders = count(*)");
    }
    String name = m.group(1);
    String function = m.group(2).toLowerCase(Locale.ROOT);
    boolean distinct = m.group(3) != null;
    String argument = m.group(4);
    boolean star = argument.equals("*");
    Function fn;
    switch (function) {
      case "count" -> fn = distinct ? Function.COUNT_DISTINCT : Function.COUNT;
      case "sum" -> fn = Function.SUM;
      case "min" -> fn = Function.MIN;
      case "max" -> fn = Function.MAX;
      case "avg" -> fn = Function.AVG;
      default -> {
        return problem(
            "\""
                + entry
                + "\" uses the function '"
                + m.group(2)
                + "'; the functions are count, sum, min, max, avg and count(distinct …)");
      }
    }
    if (distinct && fn != Function.COUNT_DISTINCT) {
      return problem("\"" + entry + "\": distinct goes with count only");
    }
    if (star && fn != Function.COUNT) {
      return problem("\"" + entry + "\": only count takes *; name the field to " + fn.written());
    }
    if (star) {
      return new Parsed(
          Optional.of(new AggregateCall(name, fn, Optional.empty())), Optional.empty());
    }
    return new Parsed(
        Optional.of(new AggregateCall(name, fn, Optional.of(argument))), Optional.empty());
  }

  private static Parsed problem(String message) {
    return new Parsed(Optional.empty(), Optional.of(message));
  }

  /** The entry as a person writes it: {@code total = sum(amount)}. */
  public String written() {
    String argument = field.orElse("*");
    return function == Function.COUNT_DISTINCT
        ? name + " = count(distinct " + argument + ")"
        : name + " = " + function.written() + "(" + argument + ")";
  }
}
