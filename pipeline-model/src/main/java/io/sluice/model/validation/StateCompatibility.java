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
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.AggregateCall;
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
    return check(previous, next, Map.of(), Map.of());
  }

  /**
   * As {@link #check(PipelineDocument, PipelineDocument)}, and also compares the types of the
   * fields that reach each stateful transform whose config kept its state: a group-by or key field,
   * an aggregated field, or (for nodes that hold whole records: a deduplicate keeping the last, an
   * interval join, a pattern, a sql node) any field whose type changed, or that appeared or went,
   * is a warning on {@code inputs}. State holds values of the old types, which a new version would
   * read back wrongly.
   *
   * @param inputsBefore the fields of each node's inputs (in edge order) in {@code previous}; a
   *     node missing from either map is not compared
   * @param inputsAfter the same for {@code next}
   */
  public List<Problem> check(
      PipelineDocument previous,
      PipelineDocument next,
      Map<NodeId, List<RecordSchema>> inputsBefore,
      Map<NodeId, List<RecordSchema>> inputsAfter) {
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
      int found = problems.size();
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
      if (problems.size() == found
          && STATE_FIELDS.containsKey(old.type())
          && type.isPresent()
          && inputsBefore.containsKey(old.id())
          && inputsAfter.containsKey(old.id())) {
        typeChange(type.get(), node, inputsBefore.get(old.id()), inputsAfter.get(old.id()))
            .ifPresent(
                change ->
                    problems.add(
                        problem(
                            old.id(),
                            "inputs",
                            "The fields reaching node '"
                                + old.id()
                                + "' changed: "
                                + change
                                + ". "
                                + what(old.type())
                                + " holds values of the old types, which the new version would"
                                + " read wrongly. Start with resetState, or give the field its old"
                                + " type again with a derive.")));
      }
    }
    return problems;
  }

  /** The first change to a field that the node's state depends on, in words; empty if none. */
  private static Optional<String> typeChange(
      NodeTypeDescriptor type, Node node, List<RecordSchema> before, List<RecordSchema> after) {
    if (before.size() != after.size()) {
      return Optional.empty(); // edges changed: the node's config rules say what that means
    }
    ConfigValues config;
    try {
      config = ConfigValues.of(type, node);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    List<String> used =
        switch (type.type()) {
          case TransformNodeTypes.WINDOW_AGGREGATE -> {
            List<String> names = new ArrayList<>(strip(config.stringList("groupBy")));
            for (String entry : config.stringList("aggregates")) {
              AggregateCall.parse(entry).call().flatMap(AggregateCall::field).ifPresent(names::add);
            }
            yield names;
          }
          case TransformNodeTypes.DEDUPLICATE ->
              config.string("keep").equals("last") ? null : strip(config.stringList("keyFields"));
          default -> null; // holds whole records
        };
    for (int i = 0; i < before.size(); i++) {
      RecordSchema was = before.get(i);
      RecordSchema is = after.get(i);
      List<String> names = used != null ? used : union(was.names(), is.names());
      for (String name : names) {
        Optional<Field> a = was.field(name);
        Optional<Field> b = is.field(name);
        if (a.isPresent() && b.isEmpty()) {
          return Optional.of("'" + name + "' is gone");
        }
        if (a.isEmpty() && b.isPresent() && used == null) {
          return Optional.of("'" + name + "' is new");
        }
        if (a.isPresent() && b.isPresent() && a.get().type() != b.get().type()) {
          return Optional.of(
              "'"
                  + name
                  + "' was a "
                  + a.get().type().wireName()
                  + " and is now a "
                  + b.get().type().wireName());
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> strip(List<String> values) {
    return values.stream().map(String::strip).toList();
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(n -> a.stream().noneMatch(n::equalsIgnoreCase)).forEach(all::add);
    return all;
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
