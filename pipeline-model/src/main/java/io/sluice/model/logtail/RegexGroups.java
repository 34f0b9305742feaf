package io.sluice.model.logtail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The numbers of a regular expression's named groups, so that a matcher can read them with {@code
 * Matcher.group(int)} instead of looking every name up on every match. Java 20 has this as {@code
 * Pattern.namedGroups()}; on Java 17 it is not public, so the expression is read here: escapes
 * ({@code \(}, {@code \cX}, {@code \Q...\E}), character classes (nested too, with a {@code ]} first
 * in a class taken literally, as the JDK does) and the kinds of group ({@code (...)} and {@code
 * (?<name>...)} capture; {@code (?:}, look-arounds, atomic groups and flags do not).
 *
 * <p>The answer is checked against the compiled pattern's group count, and nothing is answered for
 * an expression that turns on comments mode ({@code (?x)}, where white space and {@code #...} are
 * ignored, in classes too): a caller then reads the groups by name, which is always right, only
 * slower.
 *
 * <pre>{@code
 * RegexGroups.numbers("(\\d+)-(?<id>\\w+)", Pattern.compile("(\\d+)-(?<id>\\w+)"));
 * // Optional[{id=2}]
 * }</pre>
 */
public final class RegexGroups {
  private RegexGroups() {}

  /**
   * Each named group of {@code regex} and its number, in the order they open; empty if they cannot
   * be told for sure.
   *
   * @param compiled {@code regex}, compiled (with any flags but {@link Pattern#COMMENTS} and {@link
   *     Pattern#LITERAL}, which change how the text reads)
   */
  public static Optional<Map<String, Integer>> numbers(String regex, Pattern compiled) {
    if ((compiled.flags() & (Pattern.COMMENTS | Pattern.LITERAL)) != 0) {
      return Optional.empty();
    }
    Map<String, Integer> named = new LinkedHashMap<>();
    int groups = 0;
    int n = regex.length();
    int i = 0;
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i = afterEscape(regex, i);
      } else if (c == '[') {
        i = afterClass(regex, i);
        if (i < 0) {
          return Optional.empty();
        }
      } else if (c == '(') {
        if (i + 1 < n && regex.charAt(i + 1) == '?') {
          if (i + 3 < n && regex.charAt(i + 2) == '<' && isAsciiLetter(regex.charAt(i + 3))) {
            int close = regex.indexOf('>', i + 3);
            if (close < 0) {
              return Optional.empty();
            }
            groups++;
            if (named.putIfAbsent(regex.substring(i + 3, close), groups) != null) {
              return Optional.empty();
            }
            i = close + 1;
          } else if (turnsOnComments(regex, i + 2)) {
            return Optional.empty();
          } else {
            i += 2;
          }
        } else {
          groups++;
          i++;
        }
      } else {
        i++;
      }
    }
    if (groups != compiled.matcher("").groupCount()) {
      return Optional.empty();
    }
    return Optional.of(named);
  }

  /** The index after the escape that starts at {@code i} (a backslash). */
  private static int afterEscape(String regex, int i) {
    if (i + 1 >= regex.length()) {
      return regex.length();
    }
    char next = regex.charAt(i + 1);
    if (next == 'Q') {
      int end = regex.indexOf("\\E", i + 2);
      return end < 0 ? regex.length() : end + 2;
    }
    // \cX names a control character by any X, a parenthesis or bracket included.
    return Math.min(regex.length(), i + (next == 'c' ? 3 : 2));
  }

  /** The index after the character class that opens at {@code i}, or -1 if it never closes. */
  private static int afterClass(String regex, int i) {
    int n = regex.length();
    int depth = 0;
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '[') {
        depth++;
        i++;
        if (i < n && regex.charAt(i) == '^') {
          i++;
        }
        if (i < n && regex.charAt(i) == ']') {
          i++; // a ']' first in a class is one of its characters
        }
      } else if (c == ']') {
        depth--;
        i++;
        if (depth == 0) {
          return i;
        }
      } else if (c == '\\') {
        i = afterEscape(regex, i);
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Whether the flags after {@code (?} at {@code i} turn comments mode ({@code x}) on. */
  private static boolean turnsOnComments(String regex, int i) {
    for (int j = i; j < regex.length(); j++) {
      char c = regex.charAt(j);
      if (c == 'x') {
        return true;
      }
      if ("idmsuU".indexOf(c) < 0) {
        return false; // ':' or ')' ends the flags, '-' starts those turned off
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
