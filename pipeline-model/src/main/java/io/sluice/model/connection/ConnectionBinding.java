package io.sluice.model.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.nodetype.ConfigField;
import io.sluice.model.nodetype.FieldKind;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts the values of the connections that nodes name into the nodes' config, in memory, just before
 * validation and translation. Pure: the connections come from a {@link ConnectionLookup}.
 *
 * <p>A node names a connection in a config field declared with {@link
 * ConfigField.Builder#connection(String)} (the built-in types call it {@code connection}). Each
 * value of the connection goes into the node field of the same name, if the node type declares one.
 * Two values are merged instead:
 *
 * <ul>
 *   <li>a Kafka connection's {@code properties} and {@code secretProperties} (one {@code key=value}
 *       per line) go first into the node's {@code consumerProperties} or {@code
 *       producerProperties}, followed by the node's own entries;
 *   <li>a PostgreSQL connection's {@code options} are added to its JDBC URL as query parameters.
 * </ul>
 *
 * <p>A node that names a connection and also sets a field the connection fills (its own {@code
 * jdbcUrl}, or a Kafka property the connection also sets) is refused with a {@code
 * connection-conflict} problem on that field, rather than one silently winning: whoever reads the
 * pipeline should not have to know a precedence rule to know where it writes.
 *
 * <pre>{@code
 * PipelineResolver resolver = new ConnectionBinding(BuiltInNodeTypes.registry(), lookup);
 * PipelineResolver.Resolved resolved = resolver.resolve(document);
 * }</pre>
 */
public final class ConnectionBinding implements PipelineResolver {
  private final NodeTypeRegistry registry;
  private final ConnectionLookup lookup;

  public ConnectionBinding(NodeTypeRegistry registry, ConnectionLookup lookup) {
    this.registry = registry;
    this.lookup = lookup;
  }

  /** The names of the connections a document names, in node order. */
  public static Set<String> namedConnections(PipelineDocument document, NodeTypeRegistry registry) {
    Set<String> names = new LinkedHashSet<>();
    for (Node node : document.nodes()) {
      registry
          .find(node.type(), node.typeVersion())
          .ifPresent(
              type -> {
                for (ConfigField field : type.fields()) {
                  if (field.connectionKind() != null) {
                    connectionName(node, field).ifPresent(names::add);
                  }
                }
              });
    }
    return names;
  }

  @Override
  public Resolved resolve(PipelineDocument document) {
    List<Problem> problems = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (Node node : document.nodes()) {
      Optional<NodeTypeDescriptor> type = registry.find(node.type(), node.typeVersion());
      nodes.add(type.isEmpty() ? node : bind(node, type.get(), problems));
    }
    if (problems.isEmpty() && nodes.equals(document.nodes())) {
      return new Resolved(document, List.of());
    }
    return new Resolved(
        new PipelineDocument(nodes, document.edges(), document.settings(), document.layout()),
        problems);
  }

  private Node bind(Node node, NodeTypeDescriptor type, List<Problem> problems) {
    Map<String, JsonNode> config = new LinkedHashMap<>(node.config());
    for (ConfigField field : type.fields()) {
      if (field.connectionKind() == null) {
        continue;
      }
      Optional<String> name = connectionName(node, field);
      if (name.isEmpty()) {
        continue;
      }
      Optional<ConnectionValues> connection = lookup.find(name.get());
      if (connection.isEmpty()) {
        problems.add(
            new Problem(
                node.id().value(),
                field.name(),
                ProblemCodes.UNKNOWN_CONNECTION,
                "No connection named '"
                    + name.get()
                    + "' exists; create it under Connections or choose another."));
        continue;
      }
      if (!connection.get().kind().equals(field.connectionKind())) {
        problems.add(
            new Problem(
                node.id().value(),
                field.name(),
                ProblemCodes.WRONG_CONNECTION_KIND,
                "Connection '"
                    + name.get()
                    + "' is a "
                    + connection.get().kind()
                    + " connection; this field takes a "
                    + field.connectionKind()
                    + " connection."));
        continue;
      }
      apply(node, type, connection.get(), config, problems);
    }
    return new Node(node.id(), node.type(), node.typeVersion(), node.name(), config);
  }

  private static void apply(
      Node node,
      NodeTypeDescriptor type,
      ConnectionValues connection,
      Map<String, JsonNode> config,
      List<Problem> problems) {
    List<String> properties = new ArrayList<>();
    List<String> options = new ArrayList<>();
    // In the order the kind declares its fields, so merged properties come out the same always.
    List<String> keys = new ArrayList<>();
    ConnectionKinds.find(connection.kind())
        .ifPresent(kind -> kind.fields().forEach(f -> keys.add(f.name())));
    connection.values().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    for (String key : keys) {
      JsonNode value = connection.values().get(key);
      if (value == null || value.isNull()) {
        continue;
      }
      if (connection.kind().equals(ConnectionKinds.KAFKA)
          && (key.equals("properties") || key.equals("secretProperties"))) {
        properties.addAll(lines(value));
      } else if (connection.kind().equals(ConnectionKinds.POSTGRES) && key.equals("options")) {
        options.addAll(lines(value));
      } else if (type.field(key).isPresent()) {
        if (isSet(config.get(key))) {
          problems.add(conflict(node, key, connection.name()));
        } else {
          config.put(key, value);
        }
      }
    }
    if (!options.isEmpty() && config.get("jdbcUrl") != null && config.get("jdbcUrl").isTextual()) {
      config.put(
          "jdbcUrl", TextNode.valueOf(withOptions(config.get("jdbcUrl").textValue(), options)));
    }
    if (!properties.isEmpty()) {
      mergeProperties(node, type, connection.name(), properties, config, problems);
    }
  }

  private static void mergeProperties(
      Node node,
      NodeTypeDescriptor type,
      String connection,
      List<String> fromConnection,
      Map<String, JsonNode> config,
      List<Problem> problems) {
    Optional<ConfigField> target =
        type.fields().stream()
            .filter(f -> f.kind() == FieldKind.STRING_LIST && f.name().endsWith("Properties"))
            .findFirst();
    if (target.isEmpty()) {
      return;
    }
    String field = target.get().name();
    Set<String> keys = new LinkedHashSet<>();
    fromConnection.forEach(e -> keys.add(keyOf(e)));
    ArrayNode merged = JsonNodeFactory.instance.arrayNode();
    fromConnection.forEach(merged::add);
    JsonNode own = config.get(field);
    if (own != null && own.isArray()) {
      for (JsonNode entry : own) {
        if (entry.isTextual() && keys.contains(keyOf(entry.textValue()))) {
          problems.add(
              new Problem(
                  node.id().value(),
                  field,
                  ProblemCodes.CONNECTION_CONFLICT,
                  "Property "
                      + keyOf(entry.textValue())
                      + " is set here and by connection '"
                      + connection
                      + "'; remove one of them."));
        }
        merged.add(entry);
      }
    } else if (isSet(own)) {
      return; // not a list: the validator reports it
    }
    config.put(field, merged);
  }

  private static Problem conflict(Node node, String field, String connection) {
    return new Problem(
        node.id().value(),
        field,
        ProblemCodes.CONNECTION_CONFLICT,
        "'"
            + field
            + "' is set here and by connection '"
            + connection
            + "'; remove it here or choose no connection.");
  }

  private static Optional<String> connectionName(Node node, ConfigField field) {
    JsonNode value = node.config().get(field.name());
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      return Optional.empty(); // absent, or not a string: the validator reports the latter
    }
    return Optional.of(value.textValue().strip());
  }

  private static boolean isSet(JsonNode value) {
    return value != null
        && !value.isNull()
        && !(value.isTextual() && value.textValue().isEmpty())
        && !(value.isArray() && value.isEmpty());
  }

  private static List<String> lines(JsonNode value) {
    List<String> lines = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(v -> lines.add(v.asText()));
    } else {
      for (String line : value.asText().split("\\R")) {
        lines.add(line);
      }
    }
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String keyOf(String entry) {
    int eq = entry.indexOf('=');
    return (eq < 0 ? entry : entry.substring(0, eq)).strip();
  }

  private static String withOptions(String url, List<String> options) {
    StringBuilder out = new StringBuilder(url);
    char separator = url.contains("?") ? '&' : '?';
    for (String option : options) {
      int eq = option.indexOf('=');
      String key = eq < 0 ? option : option.substring(0, eq).strip();
      String value = eq < 0 ? "" : option.substring(eq + 1).strip();
      out.append(separator)
          .append(URLEncoder.encode(key, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      separator = '&';
    }
    return out.toString();
  }
}
