package io.sluice.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.document.Edge;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.document.PortRef;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.nodetype.ConfigField;
import io.sluice.model.nodetype.NodeRole;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.nodetype.PortSpec;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Says everything that is wrong with a pipeline document before anyone tries to run it: node types
 * and their config, edges and ports, the shape of the graph, and the layout.
 *
 * <p>A user's mistake is data: {@link #validate} returns every problem, in a deterministic order
 * (nodes in document order, then edges, then the graph, the pipeline as a whole, and the layout),
 * and never throws for a bad document. Thread-safe if the registry is.
 *
 * <pre>{@code
 * var validator = new PipelineValidator(BuiltInNodeTypes.registry());
 * List<Problem> problems = validator.validate(document);
 * // [Problem[nodeId=sink, field=config.table, code=missing-config, message=Table is required.]]
 * }</pre>
 */
public final class PipelineValidator {

  private final NodeTypeRegistry types;

  public PipelineValidator(NodeTypeRegistry types) {
    this.types = Objects.requireNonNull(types, "types");
  }

  /** Every problem with {@code document}; empty if it is ready to run. */
  public List<Problem> validate(PipelineDocument document) {
    Objects.requireNonNull(document, "document");
    return new Run(document).validate();
  }

  /**
   * The problems of one node on its own: its type and version, and its config against the
   * descriptor and the type's own rules; no graph checks. For actions on a single node, such as
   * checking its connection, before the pipeline around it is complete.
   */
  public List<Problem> validateNode(Node node) {
    Objects.requireNonNull(node, "node");
    Run run = new Run(PipelineDocument.empty());
    run.checkNode(node);
    return List.copyOf(run.problems);
  }

  /** The state of validating one document. */
  private final class Run {
    private final PipelineDocument document;
    private final List<Problem> problems = new ArrayList<>();

    /** First node of each id, in document order. */
    private final Map<NodeId, Node> nodes = new LinkedHashMap<>();

    /** Descriptors of nodes whose type is known. */
    private final Map<NodeId, NodeTypeDescriptor> typeOf = new HashMap<>();

    /** Edges between existing nodes, without repeats: the graph. */
    private final List<Edge> graph = new ArrayList<>();

    /**
     * Second edges into one-edge inputs, reported after the cycles: an edge that closes a cycle is
     * reported as the cycle.
     */
    private final List<Problem> extraEdges = new ArrayList<>();

    /** Input ports that take one edge and have one. */
    private final Set<PortRef> edgesInto = new HashSet<>();

    /** Nodes that some edge ends at through a port they do not declare. */
    private final Set<NodeId> misportedInputs = new HashSet<>();

    Run(PipelineDocument document) {
      this.document = document;
    }

    List<Problem> validate() {
      document.nodes().forEach(this::checkNode);
      for (int i = 0; i < document.edges().size(); i++) {
        checkEdge(i, document.edges().get(i));
      }
      Set<NodeId> onCycles = checkCycles();
      extraEdges.stream()
          .filter(p -> !onCycles.contains(new NodeId(p.nodeId())))
          .forEach(problems::add);
      checkConnected();
      checkSourcesAndSinks();
      checkLayout();
      return List.copyOf(problems);
    }

    // ---- nodes

    private void checkNode(Node node) {
      if (nodes.putIfAbsent(node.id(), node) != null) {
        add(
            node,
            "id",
            ProblemCodes.DUPLICATE_NODE_ID,
            "Another node already has the id '" + node.id() + "'; ids must be unique.");
        return; // edges cannot tell the two apart; check the first one only
      }
      var descriptor = types.find(node.type(), node.typeVersion());
      if (descriptor.isEmpty()) {
        if (types.knowsType(node.type())) {
          add(
              node,
              "typeVersion",
              ProblemCodes.UNKNOWN_TYPE_VERSION,
              "Node type '"
                  + node.type()
                  + "' has no version "
                  + node.typeVersion()
                  + "; known versions: "
                  + knownVersions(node.type())
                  + ".");
        } else {
          add(
              node,
              "type",
              ProblemCodes.UNKNOWN_NODE_TYPE,
              "Unknown node type '" + node.type() + "'; known types: " + knownTypes() + ".");
        }
        return;
      }
      typeOf.put(node.id(), descriptor.get());
      checkConfig(node, descriptor.get());
    }

    private void checkConfig(Node node, NodeTypeDescriptor type) {
      Map<String, JsonNode> config = node.config();
      Set<String> badFields = new HashSet<>();
      for (ConfigField field : type.fields()) {
        JsonNode value = config.get(field.name());
        String path = "config." + field.name();
        if (value == null || value.isNull()) {
          if (field.required()) {
            badFields.add(field.name());
            add(node, path, ProblemCodes.MISSING_CONFIG, field.label() + " is required.");
          }
          continue;
        }
        var wrong = field.checkValue(value);
        if (wrong.isPresent()) {
          badFields.add(field.name());
          add(node, path, ProblemCodes.INVALID_CONFIG, field.label() + ": " + wrong.get() + ".");
        }
      }
      for (String key : config.keySet()) {
        if (type.field(key).isEmpty()) {
          add(
              node,
              "config." + key,
              ProblemCodes.UNKNOWN_CONFIG_FIELD,
              "Node type '"
                  + type.type()
                  + "' has no config field '"
                  + key
                  + "'; its fields are: "
                  + type.fields().stream().map(ConfigField::name).collect(Collectors.joining(", "))
                  + ".");
        }
      }
      BuiltInRules.check(node, type, badFields, problems);
      TransformRules.check(node, type, badFields, problems);
    }

    // ---- edges

    private void checkEdge(int index, Edge edge) {
      String field = "edges[" + index + "]";
      boolean fromExists = nodes.containsKey(edge.from().node());
      boolean toExists = nodes.containsKey(edge.to().node());
      if (!fromExists || !toExists) {
        String missing =
            !fromExists && !toExists
                ? "nodes '" + edge.from().node() + "' and '" + edge.to().node() + "'"
                : "node '" + (fromExists ? edge.to().node() : edge.from().node()) + "'";
        problems.add(
            new Problem(
                null,
                field,
                ProblemCodes.DANGLING_EDGE,
                "Edge " + edge + " names " + missing + ", which does not exist."));
        return;
      }
      if (graph.contains(edge)) {
        problems.add(
            new Problem(
                null,
                field,
                ProblemCodes.DUPLICATE_EDGE,
                "Edge " + edge + " repeats an earlier edge; connect two ports once."));
        return;
      }
      graph.add(edge);
      var fromType = typeOf.get(edge.from().node());
      var toType = typeOf.get(edge.to().node());
      if (fromType != null) {
        if (fromType.role() == NodeRole.SINK) {
          problems.add(
              new Problem(
                  edge.from().node().value(),
                  field,
                  ProblemCodes.SINK_HAS_OUTPUT,
                  "Edge "
                      + edge
                      + " leaves sink '"
                      + edge.from().node()
                      + "'; a sink writes out of the pipeline and has no outputs."));
        } else {
          List<PortName> outputs = fromType.outputPorts(nodes.get(edge.from().node()).config());
          if (!outputs.contains(edge.from().port())) {
            problems.add(unknownPort(field, edge, edge.from().node(), "output", outputs));
          }
        }
      }
      if (toType != null) {
        if (toType.role() == NodeRole.SOURCE) {
          problems.add(
              new Problem(
                  edge.to().node().value(),
                  field,
                  ProblemCodes.SOURCE_HAS_INPUT,
                  "Edge "
                      + edge
                      + " enters source '"
                      + edge.to().node()
                      + "'; a source reads from outside the pipeline and has no inputs."));
        } else if (!toType.declaresInput(edge.to().port())) {
          misportedInputs.add(edge.to().node());
          problems.add(
              unknownPort(
                  field,
                  edge,
                  edge.to().node(),
                  "input",
                  toType.inputs().stream().map(PortSpec::name).toList()));
        } else if (!toType.input(edge.to().port()).orElseThrow().multiple()
            && !edgesInto.add(edge.to())) {
          extraEdges.add(
              new Problem(
                  edge.to().node().value(),
                  field,
                  ProblemCodes.TOO_MANY_EDGES,
                  "Edge "
                      + edge
                      + " is a second edge into input '"
                      + edge.to().port()
                      + "' of node '"
                      + edge.to().node()
                      + "', which takes one; merge the streams with a union node first."));
        }
      }
    }

    private Problem unknownPort(
        String field, Edge edge, NodeId node, String direction, List<PortName> declared) {
      var port = direction.equals("output") ? edge.from().port() : edge.to().port();
      return new Problem(
          node.value(),
          field,
          ProblemCodes.UNKNOWN_PORT,
          "Edge "
              + edge
              + " uses "
              + direction
              + " port '"
              + port
              + "' of node '"
              + node
              + "', which has "
              + direction
              + " ports: "
              + declared.stream().map(PortName::value).collect(Collectors.joining(", "))
              + ".");
    }

    // ---- graph

    /** Reports every node on a cycle; returns them. */
    private Set<NodeId> checkCycles() {
      Set<NodeId> onCycles = new HashSet<>();
      Map<NodeId, List<NodeId>> successors = new HashMap<>();
      for (Edge edge : graph) {
        successors
            .computeIfAbsent(edge.from().node(), k -> new ArrayList<>())
            .add(edge.to().node());
      }
      // Pipelines have tens of nodes: reachability from every node is cheap and easy to trust.
      Map<NodeId, Set<NodeId>> reach = new HashMap<>();
      for (NodeId id : nodes.keySet()) {
        reach.put(id, reachableFrom(id, successors));
      }
      for (NodeId id : nodes.keySet()) {
        if (!reach.get(id).contains(id)) {
          continue;
        }
        onCycles.add(id);
        List<NodeId> cycle =
            nodes.keySet().stream()
                .filter(other -> reach.get(id).contains(other) && reach.get(other).contains(id))
                .toList();
        String message =
            cycle.size() == 1
                ? "Node '" + id + "' has an edge to itself; records would loop forever."
                : "Node '"
                    + id
                    + "' is on a cycle of nodes "
                    + cycle.stream().map(NodeId::value).collect(Collectors.joining(", "))
                    + "; records would loop forever. Pipelines flow one way, sources to sinks.";
        problems.add(new Problem(id.value(), null, ProblemCodes.CYCLE, message));
      }
      return onCycles;
    }

    private Set<NodeId> reachableFrom(NodeId start, Map<NodeId, List<NodeId>> successors) {
      Set<NodeId> seen = new HashSet<>();
      var todo = new ArrayDeque<>(successors.getOrDefault(start, List.of()));
      while (!todo.isEmpty()) {
        NodeId next = todo.pop();
        if (seen.add(next)) {
          todo.addAll(successors.getOrDefault(next, List.of()));
        }
      }
      return seen;
    }

    private void checkConnected() {
      // Every edge counts, broken ones too: a dangling edge is reported as such, and saying its
      // existing end is unconnected as well would report one mistake twice.
      Set<NodeId> touched = new HashSet<>();
      Set<String> connectedInputs = new HashSet<>();
      for (Edge edge : document.edges()) {
        touched.add(edge.from().node());
        touched.add(edge.to().node());
        connectedInputs.add(edge.to().toString());
      }
      for (Node node : nodes.values()) {
        if (!touched.contains(node.id())) {
          add(
              node,
              null,
              ProblemCodes.UNCONNECTED_NODE,
              "Node '" + node.name() + "' is not connected to anything.");
          continue;
        }
        var type = typeOf.get(node.id());
        if (type == null || misportedInputs.contains(node.id())) {
          continue; // an unknown port is already reported; don't report its consequence
        }
        for (PortSpec input : type.inputs()) {
          if (!connectedInputs.contains(node.id() + "." + input.name())) {
            add(
                node,
                null,
                ProblemCodes.UNCONNECTED_NODE,
                "Input '"
                    + input.name()
                    + "' of node '"
                    + node.name()
                    + "' has no edge; connect it to the node whose records it should receive.");
          }
        }
      }
    }

    private void checkSourcesAndSinks() {
      if (typeOf.values().stream().noneMatch(t -> t.role() == NodeRole.SOURCE)) {
        problems.add(
            Problem.ofPipeline(
                ProblemCodes.NO_SOURCE,
                "The pipeline has no source, so it would never receive a record. Add one."));
      }
      if (typeOf.values().stream().noneMatch(t -> t.role() == NodeRole.SINK)) {
        problems.add(
            Problem.ofPipeline(
                ProblemCodes.NO_SINK,
                "The pipeline has no sink, so its records would go nowhere. Add one."));
      }
    }

    private void checkLayout() {
      for (NodeId id : document.layout().positions().keySet()) {
        if (!nodes.containsKey(id)) {
          problems.add(
              new Problem(
                  null,
                  "layout." + id,
                  ProblemCodes.LAYOUT_UNKNOWN_NODE,
                  "The layout places node '" + id + "', which does not exist."));
        }
      }
    }

    // ---- helpers

    private void add(Node node, String field, String code, String message) {
      problems.add(new Problem(node.id().value(), field, code, message));
    }

    private String knownTypes() {
      return types.all().stream()
          .map(NodeTypeDescriptor::type)
          .distinct()
          .collect(Collectors.joining(", "));
    }

    private String knownVersions(String type) {
      return types.all().stream()
          .filter(t -> t.type().equals(type))
          .map(t -> String.valueOf(t.version()))
          .collect(Collectors.joining(", "));
    }
  }
}
