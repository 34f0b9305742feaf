package io.sluice.model.logtail;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A pattern that reads a log line into named fields: a Java regular expression with named groups,
 * or a grok expression expanded into one. Pure and immutable; user mistakes come back as {@link
 * Result#error()}, never as exceptions.
 *
 * <pre>{@code
 * LogLinePattern p = LogLinePattern.grok("%{IPORHOST:client} %{NUMBER:bytes:int}", List.of())
 *     .pattern();
 * p.captures(); // [client: string, bytes: long]
 * }</pre>
 *
 * @param regex the Java regular expression the line must match as a whole
 * @param captures the fields in the order they first appear, each with the group names that fill it
 *     (a grok field may appear more than once; the first group that matched gives the value)
 */
public record LogLinePattern(String regex, List<Capture> captures) {

  /** A field a pattern fills, from one or more of its named groups. */
  public record Capture(String field, List<String> groups, FieldType type) {
    public Capture {
      Objects.requireNonNull(field);
      groups = List.copyOf(groups);
      Objects.requireNonNull(type);
    }
  }

  /** A compiled pattern, or the reason it could not be. */
  public record Result(LogLinePattern pattern, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  public LogLinePattern {
    Objects.requireNonNull(regex);
    captures = List.copyOf(captures);
  }

  private static final Pattern GROK_REF =
      Pattern.compile("%\\{([A-Za-z0-9_]+)(?::([^:}]+))?(?::([A-Za-z]+))?\\}");
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
  private static final int MAX_DEPTH = 32;

  /** The Java pattern, compiled; call only on a pattern from {@link #regex} or {@link #grok}. */
  public Pattern compile() {
    return Pattern.compile(regex, Pattern.DOTALL);
  }

  /**
   * For each capture, in order, the numbers of its groups in {@code compiled} (this pattern's
   * {@link #compile()}), to read with {@code Matcher.group(int)}: resolved once here rather than by
   * name on every line. Empty when the numbers cannot be told for sure ({@link RegexGroups}); then
   * read the groups by name.
   */
  public Optional<int[][]> groupNumbers(Pattern compiled) {
    Optional<Map<String, Integer>> numbers = RegexGroups.numbers(regex, compiled);
    if (numbers.isEmpty()) {
      return Optional.empty();
    }
    int[][] out = new int[captures.size()][];
    for (int i = 0; i < out.length; i++) {
      List<String> groups = captures.get(i).groups();
      out[i] = new int[groups.size()];
      for (int j = 0; j < groups.size(); j++) {
        Integer number = numbers.get().get(groups.get(j));
        if (number == null) {
          return Optional.empty();
        }
        out[i][j] = number;
      }
    }
    return Optional.of(out);
  }

  /** A regular expression whose named groups ({@code (?<status>\d+)}) become string fields. */
  public static Result regex(String regex) {
    if (regex == null || regex.isBlank()) {
      return new Result(null, "Give a regular expression with named groups.");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return new Result(null, "Not a valid regular expression: " + e.getDescription() + ".");
    }
    Map<String, Capture> captures = new LinkedHashMap<>();
    Matcher m = NAMED_GROUP.matcher(regex);
    while (m.find()) {
      captures.putIfAbsent(
          m.group(1), new Capture(m.group(1), List.of(m.group(1)), FieldType.STRING));
    }
    if (captures.isEmpty()) {
      return new Result(
          null,
          "The regular expression has no named groups; name each field as (?<name>...), for"
              + " example (?<status>\\d{3}).");
    }
    return new Result(new LogLinePattern(regex, List.copyOf(captures.values())), null);
  }

  /**
   * A grok expression: {@code %{PATTERN}} matches a named pattern, {@code %{PATTERN:field}} also
   * captures it into a field, {@code %{PATTERN:field:int}} (or {@code :long}, {@code :float},
   * {@code :double}) as a number. Everything else is regular expression text.
   *
   * @param custom extra patterns, one entry each as {@code NAME regex}; they may use the built-in
   *     ones and override them
   */
  public static Result grok(String expression, List<String> custom) {
    if (expression == null || expression.isBlank()) {
      return new Result(null, "Give a grok expression, for example %{COMBINEDAPACHELOG}.");
    }
    Map<String, String> patterns = new LinkedHashMap<>(GrokPatterns.builtIn());
    for (int i = 0; i < custom.size(); i++) {
      String entry = custom.get(i).strip();
      int space = entry.indexOf(' ');
      String name = space < 0 ? entry : entry.substring(0, space);
      if (space < 0 || !name.matches("[A-Za-z0-9_]+")) {
        return new Result(
            null,
            "Custom pattern "
                + (i + 1)
                + " must read NAME regex, for example ORDERID [A-Z]{3}-[0-9]+.");
      }
      patterns.put(name, entry.substring(space + 1).strip());
    }
    Expansion expansion = new Expansion(patterns);
    String regex;
    try {
      regex = expansion.expand(expression, 0);
    } catch (IllegalArgumentException e) {
      return new Result(null, e.getMessage());
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return new Result(
          null, "The grok expression is not a valid pattern: " + e.getDescription() + ".");
    }
    List<Capture> captures = new ArrayList<>();
    expansion.groups.forEach(
        (field, groups) -> captures.add(new Capture(field, groups, expansion.types.get(field))));
    return new Result(new LogLinePattern(regex, captures), null);
  }

  private static final class Expansion {
    final Map<String, String> patterns;
    final Map<String, List<String>> groups = new LinkedHashMap<>();
    final Map<String, FieldType> types = new LinkedHashMap<>();

    Expansion(Map<String, String> patterns) {
      this.patterns = patterns;
    }

    String expand(String text, int depth) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException(
            "The grok patterns refer to each other in a loop (deeper than " + MAX_DEPTH + ").");
      }
      Matcher m = GROK_REF.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String body = patterns.get(name);
        if (body == null) {
          throw new IllegalArgumentException(
              "Unknown grok pattern %{"
                  + name
                  + "}; built in are for example IPORHOST, NUMBER,"
                  + " TIMESTAMP_ISO8601, COMBINEDAPACHELOG, SYSLOGLINE, SYSLOG5424LINE.");
        }
        String inner = expand(body, depth + 1);
        String replacement;
        if (m.group(2) == null) {
          replacement = "(?:" + inner + ")";
        } else {
          String field = m.group(2);
          if (!Field.isValidName(field)) {
            throw new IllegalArgumentException(
                "Grok field name '"
                    + field
                    + "' must start with a letter or _ and hold only letters, digits and _.");
          }
          FieldType type = type(m.group(3), field);
          FieldType known = types.putIfAbsent(field, type);
          if (known != null && known != type) {
            throw new IllegalArgumentException(
                "Grok field '"
                    + field
                    + "' is captured as both "
                    + known.wireName()
                    + " and "
                    + type.wireName()
                    + ".");
          }
          String group = "g" + groupCount();
          groups.computeIfAbsent(field, f -> new ArrayList<>()).add(group);
          replacement = "(?<" + group + ">" + inner + ")";
        }
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      return out.toString();
    }

    private int groupCount() {
      return groups.values().stream().mapToInt(List::size).sum();
    }

    private static FieldType type(String suffix, String field) {
      if (suffix == null) {
        return FieldType.STRING;
      }
      return switch (suffix.toLowerCase(java.util.Locale.ROOT)) {
        case "int", "long" -> FieldType.LONG;
        case "float", "double" -> FieldType.DOUBLE;
        case "string" -> FieldType.STRING;
        default ->
            throw new IllegalArgumentException(
                "Grok field '"
                    + field
                    + "' has the unknown type :"
                    + suffix
                    + "; use :int or :float.");
      };
    }
  }
}
