package io.sluice.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every line must be a {@code #
 * HELP}, a {@code # TYPE}, another comment, a blank line, or a sample {@code name{labels} value
 * [timestamp]} with a valid metric name, valid label names, correctly escaped label values and a
 * Go-style float; a {@code # TYPE} comes before the samples of its metric and only once.
 */
final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(\\{((?:"
              + LABEL
              + "=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
              + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|[-+]?Inf))"
              + "( -?[0-9]+)?");
  private static final Pattern PAIR =
      Pattern.compile("(" + LABEL + ")=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  /** The samples of {@code text}; throws naming the first line that breaks the format. */
  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Set<String> typed = new HashSet<>();
    Set<String> seenSamplesOf = new HashSet<>();
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the text does not end with a line feed");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      Matcher m;
      if (line.isEmpty() || HELP.matcher(line).matches()) {
        continue;
      }
      if ((m = TYPE.matcher(line)).matches()) {
        if (!typed.add(m.group(1)) || seenSamplesOf.contains(m.group(1))) {
          throw new IllegalArgumentException("line " + (i + 1) + ": TYPE late or twice: " + line);
        }
        continue;
      }
      if (line.startsWith("#")) {
        if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
          throw new IllegalArgumentException("line " + (i + 1) + ": bad HELP/TYPE: " + line);
        }
        continue;
      }
      if (!(m = SAMPLE.matcher(line)).matches()) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not a sample: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher pair = PAIR.matcher(m.group(3));
        while (pair.find()) {
          if (labels.put(pair.group(1), pair.group(2)) != null) {
            throw new IllegalArgumentException("line " + (i + 1) + ": label twice: " + line);
          }
        }
      }
      String name = m.group(1);
      seenSamplesOf.add(name.replaceAll("_(total|sum|count|bucket)$", ""));
      seenSamplesOf.add(name);
      String value = m.group(4);
      double parsed =
          switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
          };
      samples.add(new Sample(name, labels, parsed));
    }
    return samples;
  }
}
