package io.sluice.model.validation;

import io.sluice.model.document.Node;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.transform.AggregateCall;
import io.sluice.model.transform.RouteBranch;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules of the {@link TransformNodeTypes} that span fields. Rules that need the fields arriving at
 * a node (does the group-by field exist, is the time field a timestamp) run where those fields are
 * known, in the executor's check.
 */
final class TransformRules {

  /** Output fields every window-aggregate adds. */
  static final List<String> WINDOW_FIELDS = List.of("window_start", "window_end");

  private TransformRules() {}

  static void check(
      Node node, NodeTypeDescriptor type, Set<String> badFields, List<Problem> problems) {
    ConfigValues config = ConfigValues.of(type, node);
    switch (type.type()) {
      case TransformNodeTypes.WINDOW_AGGREGATE -> checkWindow(node, config, badFields, problems);
      case TransformNodeTypes.DEDUPLICATE -> {
        if (!badFields.contains("within") && node.configValue("within").isPresent()) {
          positive(node, config, "within", "Within", problems);
        }
        if (!badFields.contains("keyFields")) {
          unique(node, "keyFields", config.stringList("keyFields"), problems);
        }
      }
      case TransformNodeTypes.ROUTE -> {
        if (badFields.contains("routes")) {
          return;
        }
        Set<String> ports = new HashSet<>();
        List<String> entries = config.stringList("routes");
        for (int i = 0; i < entries.size(); i++) {
          var parsed = RouteBranch.parse(entries.get(i));
          if (parsed.problem().isPresent()) {
            problems.add(
                invalid(node, "routes", "Entry " + (i + 1) + ": " + parsed.problem().get()));
            continue;
          }
          String port = parsed.branch().get().port().value();
          if (port.equals(TransformNodeTypes.DEFAULT_PORT.value())) {
            problems.add(
                invalid(
                    node,
                    "routes",
                    "Entry "
                        + (i + 1)
                        + " is called 'default', the output for records no branch takes; choose"
                        + " another name."));
          } else if (!ports.add(port)) {
            problems.add(
                invalid(node, "routes", "Entry " + (i + 1) + " names port '" + port + "' again."));
          }
        }
      }
      default -> JoinRules.check(node, type.type(), config, badFields, problems);
    }
  }

  private static void checkWindow(
      Node node, ConfigValues config, Set<String> badFields, List<Problem> problems) {
    if (!badFields.contains("window")) {
      switch (config.string("window")) {
        case "tumbling" ->
            need(node, config, badFields, "size", "Size", "A tumbling window", problems);
        case "hopping" -> {
          boolean size =
              need(node, config, badFields, "size", "Size", "A hopping window", problems);
          boolean slide =
              need(node, config, badFields, "slide", "Slide", "A hopping window", problems);
          if (size
              && slide
              && !badFields.contains("size")
              && !badFields.contains("slide")
              && config.duration("slide").compareTo(config.duration("size")) > 0) {
            problems.add(
                invalid(
                    node,
                    "slide",
                    "Slide ("
                        + config.string("slide")
                        + ") must not be longer than the size ("
                        + config.string("size")
                        + "), or records between windows would be missed."));
          }
        }
        case "session" -> need(node, config, badFields, "gap", "Gap", "A session window", problems);
        default -> {}
      }
    }
    if (!badFields.contains("time")
        && config.string("time").equals("event-time")
        && config.optionalString("timeField").filter(s -> !s.isBlank()).isEmpty()) {
      problems.add(
          new Problem(
              node.id().value(),
              "config.timeField",
              ProblemCodes.MISSING_CONFIG,
              "Event time needs the timestamp field that says when each record happened."));
    }
    Set<String> names = new HashSet<>();
    WINDOW_FIELDS.forEach(names::add);
    if (!badFields.contains("groupBy")) {
      for (String field : config.stringList("groupBy")) {
        if (!names.add(field.strip().toLowerCase(Locale.ROOT))) {
          problems.add(
              invalid(
                  node,
                  "groupBy",
                  "Group-by field '" + field.strip() + "' is named twice, or is a window field."));
        }
      }
    }
    if (!badFields.contains("aggregates")) {
      List<String> entries = config.stringList("aggregates");
      for (int i = 0; i < entries.size(); i++) {
        var parsed = AggregateCall.parse(entries.get(i));
        if (parsed.problem().isPresent()) {
          problems.add(
              invalid(
                  node, "aggregates", "Entry " + (i + 1) + ": " + parsed.problem().get() + "."));
        } else if (!names.add(parsed.call().get().name().toLowerCase(Locale.ROOT))) {
          problems.add(
              invalid(
                  node,
                  "aggregates",
                  "Entry "
                      + (i + 1)
                      + " names its output '"
                      + parsed.call().get().name()
                      + "', which is already a window, group-by or aggregate field."));
        }
      }
    }
  }

  private static boolean need(
      Node node,
      ConfigValues config,
      Set<String> badFields,
      String field,
      String label,
      String what,
      List<Problem> problems) {
    if (node.configValue(field).isEmpty()) {
      problems.add(
          new Problem(
              node.id().value(),
              "config." + field,
              ProblemCodes.MISSING_CONFIG,
              what + " needs a " + label.toLowerCase(Locale.ROOT) + "."));
      return false;
    }
    return !badFields.contains(field) && positive(node, config, field, label, problems);
  }

  private static boolean positive(
      Node node, ConfigValues config, String field, String label, List<Problem> problems) {
    try {
      if (config.duration(field).compareTo(Duration.ZERO) <= 0) {
        problems.add(invalid(node, field, label + " must be longer than zero."));
        return false;
      }
    } catch (RuntimeException e) {
      return false; // not a duration: reported against the field already
    }
    return true;
  }

  private static void unique(Node node, String field, List<String> values, List<Problem> problems) {
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (!seen.add(value.strip().toLowerCase(Locale.ROOT))) {
        problems.add(invalid(node, field, "'" + value.strip() + "' is named twice."));
      }
    }
  }

  private static Problem invalid(Node node, String field, String message) {
    return new Problem(node.id().value(), "config." + field, ProblemCodes.INVALID_CONFIG, message);
  }
}
