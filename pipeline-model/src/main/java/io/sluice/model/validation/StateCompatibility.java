package io.sluice.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.document.Durations;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.NodeRole;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a new version of a pipeline can start from the state the last run left (its savepoint or
 * retained checkpoint). State belongs to nodes by id: sources (read positions), sinks (commits in
 * flight), window-aggregate (open windows), deduplicate (keys seen), sql (a query with state),
 * interval-join (records waiting for a partner) and pattern (partial matches). Filter, derive,
 * route, union and lookup-join keep none (a lookup join's cache is memory, not state), so any
 * change to them keeps the state.
 *
 * <p>Returns {@link ProblemCodes#STATE_INCOMPATIBLE} problems, which are warnings: the version is
 * valid, but starting it from the old state either fails (a stateful node was removed: Flink
 * refuses state it cannot place) or mixes two definitions (a window of 1 minute restored into a
 * window of 5). Such a version should start with {@code resetState}.
 *
 * <pre>{@code
 * List<Problem> warnings = new StateCompatibility(registry).check(lastRunVersion, newVersion);
 * }</pre>
 */
public final class StateCompatibility {

  /** Per stateful transform: the config fields that define its state. */
  private static final Map<String, List<String>> STATE_FIELDS =
      Map.of(
          TransformNodeTypes.WINDOW_AGGREGATE,
          List.of("window", "size", "slide", "gap", "time", "timeField", "groupBy", "aggregates"),
          TransformNodeTypes.DEDUPLICATE,
          List.of("keyFields", "within", "keep", "timeField"),
          TransformNodeTypes.SQL,
          List.of("query"),
          TransformNodeTypes.INTERVAL_JOIN,
          List.of("keys", "leftTimeField", "rightTimeField", "before", "after"),
          TransformNodeTypes.PATTERN,
          List.of("keyFields", "steps", "within", "timeField", "measures"));

  private final NodeTypeRegistry types;

  public StateCompatibility(NodeTypeRegistry types) {
    this.types = Objects.requireNonNull(types, "types");
  }

  /** Every reason {@code next} cannot keep the state of a run of {@code previous}. */
  public List<Problem> check(PipelineDocument previous, PipelineDocument next) {
    List<Problem> problems = new ArrayList<>();
    for (Node old : previous.nodes()) {
      Optional<NodeTypeDescriptor> oldType = types.find(old.type(), old.typeVersion());
      if (oldType.isEmpty() || !stateful(oldType.get())) {
        continue;
      }
      Optional<Node> now = node(next, old.id());
      if (now.isEmpty()) {
        problems.add(
            problem(
                old.id(),
                null,
                "Node '"
                    + old.id()
                    + "' ("
                    + old.type()
                    + ") is gone, so the state it left cannot be placed and a start from the last"
                    + " run's state fails. Start with resetState, which begins again from nothing."));
        continue;
      }
      Node node = now.get();
      if (!node.type().equals(old.type()) || node.typeVersion() != old.typeVersion()) {
        problems.add(
            problem(
                old.id(),
                "type",
                "Node '"
                    + old.id()
                    + "' was a "
                    + old.type()
                    + " and is now a "
                    + node.type()
                    + "; the new node cannot take the old one's state. Start with resetState."));
        continue;
      }
      Optional<NodeTypeDescriptor> type = types.find(node.type(), node.typeVersion());
      for (String field : STATE_FIELDS.getOrDefault(old.type(), List.of())) {
        JsonNode before = value(oldType.get(), old, field);
        JsonNode after = type.map(t -> value(t, node, field)).orElse(null);
        if (!Objects.equals(normal(before), normal(after))) {
          String label = oldType.get().field(field).map(f -> f.label()).orElse(field);
          problems.add(
              problem(
                  old.id(),
                  "config." + field,
                  label
                      + " of node '"
                      + old.id()
                      + "' changed from "
                      + text(before)
                      + " to "
                      + text(after)
                      + ". "
                      + what(old.type())
                      + " was built for the old value and would be mixed with the new one. Start with resetState to begin again"
                      + " from nothing, or keep the old value."));
        }
      }
    }
    return problems;
  }

  private static String what(String type) {
    return switch (type) {
      case TransformNodeTypes.INTERVAL_JOIN -> "The state of the records waiting for a partner";
      case TransformNodeTypes.PATTERN -> "The state of its partial matches";
      default -> "The state of its open windows or keys";
    };
  }

  private static boolean stateful(NodeTypeDescriptor type) {
    return type.role() != NodeRole.TRANSFORM || STATE_FIELDS.containsKey(type.type());
  }

  private static Optional<Node> node(PipelineDocument document, NodeId id) {
    return document.nodes().stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** The value in effect: the node's, or the descriptor's default. */
  private static JsonNode value(NodeTypeDescriptor type, Node node, String field) {
    try {
      return ConfigValues.of(type, node).get(field).orElse(null);
    } catch (RuntimeException e) {
      return node.configValue(field).orElse(null);
    }
  }

  /** Durations by length ({@code 60s} is {@code 1m}), string lists without edge spaces. */
  private static Object normal(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      String text = value.textValue().strip();
      return Durations.parse(text).<Object>map(d -> d).orElse(text);
    }
    if (value.isArray()) {
      List<Object> entries = new ArrayList<>();
      value.forEach(e -> entries.add(e.isTextual() ? e.textValue().strip() : e));
      return entries;
    }
    return value;
  }

  private static String text(JsonNode value) {
    return value == null ? "nothing" : value.toString();
  }

  private static Problem problem(NodeId node, String field, String message) {
    return new Problem(node.value(), field, ProblemCodes.STATE_INCOMPATIBLE, message);
  }
}
