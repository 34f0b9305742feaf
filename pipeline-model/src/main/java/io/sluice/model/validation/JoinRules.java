package io.sluice.model.validation;

import io.sluice.model.document.Node;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.KeyPair;
import io.sluice.model.transform.PatternMeasure;
import io.sluice.model.transform.PatternStep;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules of lookup-join, interval-join and pattern that need only their own config: entries that
 * parse, names used once, durations that make sense. Whether the fields exist on the inputs, and
 * have the right types, is checked where the inputs' fields are known (the executor's check).
 */
final class JoinRules {

  /** Output fields every pattern match carries after its key fields. */
  static final List<String> MATCH_FIELDS = List.of("match_start", "match_end");

  private JoinRules() {}

  static void check(Node node, String type, ConfigValues config, Set<String> bad, List<Problem> p) {
    switch (type) {
      case TransformNodeTypes.LOOKUP_JOIN -> {
        if (!bad.contains("keys")) {
          keys(node, config.stringList("keys"), p);
        }
        if (!bad.contains("columns")) {
          for (var problem : RecordSchema.parse(config.stringList("columns")).problems()) {
            p.add(
                invalid(
                    node, "columns", "Entry " + (problem.index() + 1) + ": " + problem.message()));
          }
        }
        prefix(node, config, "prefix", bad, p);
        if (!bad.contains("cacheTtl")
            && !bad.contains("cacheMaxSize")
            && config.integer("cacheMaxSize") > 0
            && config.duration("cacheTtl").compareTo(Duration.ZERO) <= 0) {
          p.add(
              invalid(
                  node,
                  "cacheTtl",
                  "The cache's time to live must be longer than zero; set the cache size to 0 to"
                      + " ask the database for every record."));
        }
      }
      case TransformNodeTypes.INTERVAL_JOIN -> {
        if (!bad.contains("keys")) {
          keys(node, config.stringList("keys"), p);
        }
        prefix(node, config, "rightPrefix", bad, p);
      }
      case TransformNodeTypes.PATTERN -> pattern(node, config, bad, p);
      default -> {}
    }
  }

  private static void keys(Node node, List<String> entries, List<Problem> problems) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      var parsed = KeyPair.parse(entries.get(i));
      if (parsed.problem().isPresent()) {
        problems.add(
            invalid(node, "keys", "Entry " + (i + 1) + ": " + parsed.problem().get() + "."));
      } else if (!seen.add(parsed.pair().get().left().toLowerCase(Locale.ROOT))) {
        problems.add(
            invalid(
                node,
                "keys",
                "Entry " + (i + 1) + " names '" + parsed.pair().get().left() + "' again."));
      }
    }
  }

  private static void prefix(
      Node node, ConfigValues config, String field, Set<String> bad, List<Problem> problems) {
    if (bad.contains(field)) {
      return;
    }
    String prefix = config.optionalString(field).map(String::strip).orElse("");
    if (!prefix.isEmpty() && !Field.isValidName(prefix)) {
      problems.add(
          invalid(
              node,
              field,
              "Prefix '"
                  + prefix
                  + "' must start with a letter or _ and hold only letters, digits and _."));
    }
  }

  private static void pattern(Node node, ConfigValues config, Set<String> bad, List<Problem> p) {
    if (!bad.contains("within") && node.configValue("within").isPresent()) {
      try {
        if (config.duration("within").compareTo(Duration.ZERO) <= 0) {
          p.add(invalid(node, "within", "Within must be longer than zero."));
        }
      } catch (RuntimeException e) {
        // not a duration: reported against the field already
      }
    }
    Set<String> names = new HashSet<>();
    MATCH_FIELDS.forEach(names::add);
    if (!bad.contains("keyFields")) {
      for (String key : config.stringList("keyFields")) {
        if (!names.add(key.strip().toLowerCase(Locale.ROOT))) {
          p.add(
              invalid(
                  node,
                  "keyFields",
                  "Key field '" + key.strip() + "' is named twice, or is a match field."));
        }
      }
    }
    Set<String> steps = new LinkedHashSet<>();
    if (!bad.contains("steps")) {
      List<String> entries = config.stringList("steps");
      for (int i = 0; i < entries.size(); i++) {
        var parsed = PatternStep.parse(entries.get(i));
        if (parsed.problem().isPresent()) {
          p.add(invalid(node, "steps", "Entry " + (i + 1) + ": " + parsed.problem().get() + "."));
          continue;
        }
        String name = parsed.step().get().name();
        if (!steps.add(name.toLowerCase(Locale.ROOT))) {
          p.add(invalid(node, "steps", "Entry " + (i + 1) + " names step '" + name + "' again."));
        } else if (!names.add((name + "_count").toLowerCase(Locale.ROOT))) {
          p.add(
              invalid(
                  node,
                  "steps",
                  "Entry "
                      + (i + 1)
                      + ": its count field '"
                      + name
                      + "_count' has the name of a key field."));
        }
      }
    }
    if (!bad.contains("measures")) {
      List<String> entries = config.stringList("measures");
      for (int i = 0; i < entries.size(); i++) {
        var parsed = PatternMeasure.parse(entries.get(i));
        if (parsed.problem().isPresent()) {
          p.add(
              invalid(node, "measures", "Entry " + (i + 1) + ": " + parsed.problem().get() + "."));
          continue;
        }
        PatternMeasure m = parsed.measure().get();
        if (!bad.contains("steps") && !steps.contains(m.step().toLowerCase(Locale.ROOT))) {
          p.add(
              invalid(
                  node,
                  "measures",
                  "Entry " + (i + 1) + " reads step '" + m.step() + "', which is not a step."));
        } else if (!names.add(m.name().toLowerCase(Locale.ROOT))) {
          p.add(
              invalid(
                  node,
                  "measures",
                  "Entry "
                      + (i + 1)
                      + " names its output '"
                      + m.name()
                      + "', which is already a key, match or count field."));
        }
      }
    }
  }

  private static Problem invalid(Node node, String field, String message) {
    return new Problem(node.id().value(), "config." + field, ProblemCodes.INVALID_CONFIG, message);
  }
}
