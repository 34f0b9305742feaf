package io.sluice.model.logtail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexGroupsTest {

  private static Optional<Map<String, Integer>> numbers(String regex) {
    return RegexGroups.numbers(regex, Pattern.compile(regex, Pattern.DOTALL));
  }

  @Test
  void countsUnnamedGroupsAndSkipsWhatDoesNotCapture() {
    assertThat(numbers("(a)(?:b)(?<x>c)(?=d)(?!e)(?<=f)(?<!g)(?>h)(?i)(?s:i)(?<y>(j)(?<z>k))"))
        .contains(Map.of("x", 2, "y", 3, "z", 5));
  }

  @Test
  void parenthesesThatAreCharactersDoNotCount() {
    assertThat(numbers("\\((?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("[(](?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("[]()](?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("[^](](?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("[a[(]&&[^)]](?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("[\\](](?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("\\Q((\\E(?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("[\\Q](\\E](?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("\\c((?<a>x)")).contains(Map.of("a", 1));
    assertThat(numbers("\\Q(?<a>x)")).contains(Map.of());
  }

  @Test
  void answersNothingInCommentsModeWhereTheTextReadsDifferently() {
    assertThat(numbers("(?x) (?<a>x) # (a comment\n")).isEmpty();
    assertThat(numbers("(?ix:(?<a>x))")).isEmpty();
    assertThat(RegexGroups.numbers("(?<a>x)", Pattern.compile("(?<a>x)", Pattern.COMMENTS)))
        .isEmpty();
    assertThat(numbers("(?-x)(?<a>x)")).contains(Map.of("a", 1));
  }

  /**
   * Random expressions of every construct above, each with an input it matches in one way only and
   * every group starting at its own place in it: the JDK's own reading of each name (its start in
   * the match) must be the group of the number given.
   */
  @Test
  void everyNumberIsTheGroupTheJdkGivesThatName() {
    Random random = new Random(20261202);
    for (int round = 0; round < 20_000; round++) {
      Generated g = new Generated(random);
      g.sequence(0);
      String regex = g.regex.toString();
      Pattern compiled = Pattern.compile(regex, Pattern.DOTALL);
      Optional<Map<String, Integer>> numbers = RegexGroups.numbers(regex, compiled);
      assertThat(numbers).as(regex).isPresent();
      assertThat(numbers.get().keySet()).as(regex).containsExactlyElementsOf(g.names);
      Matcher m = compiled.matcher(g.input);
      assertThat(m.matches()).as(regex + " on " + g.input).isTrue();
      for (String name : g.names) {
        int number = numbers.get().get(name);
        assertThat(m.start(number)).as(regex + " group " + name).isEqualTo(m.start(name));
        assertThat(m.end(number)).as(regex + " group " + name).isEqualTo(m.end(name));
      }
    }
  }

  /** A random expression and an input it matches; each group opens with a character of its own. */
  private static final class Generated {
    private static final String[][] ATOMS = {
      {"a", "a"},
      {"\\(", "("},
      {"\\)", ")"},
      {"[(]", "("},
      {"[]()]", ")"},
      {"[^]a]", "("},
      {"[b[(]]", "("},
      {"[a-z&&[^(]]", "q"},
      {"[\\](]", "("},
      {"\\Q(\\E", "("},
      {"\\Q)(?<n>\\E", ")(?<n>"},
      {"[\\Q](\\E]", "("},
      {"\\c(", "h"},
      {"\\x28", "("},
      {"(?=a)a", "a"},
      {"a(?<=a)", "a"},
      {"(?<!\\(Y)b", "b"},
      {"(?!\\(Y)c", "c"}
    };

    final Random random;
    final StringBuilder regex = new StringBuilder();
    final StringBuilder input = new StringBuilder();
    final List<String> names = new ArrayList<>();

    Generated(Random random) {
      this.random = random;
    }

    void sequence(int depth) {
      int atoms = 1 + random.nextInt(4);
      for (int i = 0; i < atoms; i++) {
        int kind = random.nextInt(depth > 3 ? 1 : 4);
        switch (kind) {
          case 0 -> {
            String[] atom = ATOMS[random.nextInt(ATOMS.length)];
            regex.append(atom[0]);
            input.append(atom[1]);
          }
          case 1 -> group("(", depth);
          case 2 -> {
            String name = "n" + names.size();
            names.add(name);
            group("(?<" + name + ">", depth);
          }
          default -> {
            String[] opening = {"(?:", "(?>", "(?i:", "(?s)(?:", "(?-x:"};
            regex.append(opening[random.nextInt(opening.length)]);
            sequence(depth + 1);
            regex.append(')');
          }
        }
      }
    }

    private void group(String opening, int depth) {
      regex.append(opening).append('z');
      input.append('z');
      sequence(depth + 1);
      regex.append(')');
    }
  }
}
