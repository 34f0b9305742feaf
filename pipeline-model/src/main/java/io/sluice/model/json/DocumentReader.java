package io.sluice.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.document.DeliveryGuarantee;
import io.sluice.model.document.Durations;
import io.sluice.model.document.Edge;
import io.sluice.model.document.Layout;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.document.PortRef;
import io.sluice.model.document.Position;
import io.sluice.model.document.RestartPolicy;
import io.sluice.model.document.Settings;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Walks a JSON tree by hand and collects every structural problem.
 *
 * <p>Hand-written instead of Jackson data binding because binding stops at the first error, and
 * people fixing a document want all of them. Next to the problems it builds a <em>salvaged</em>
 * document (broken parts left out or defaulted) and records what it had to guess, so that {@link
 * PipelineJson#readAndValidate} can also run the validator without reporting consequences of the
 * guesses. One instance reads one document; not thread-safe.
 */
final class DocumentReader {

  static final List<String> TOP_FIELDS =
      List.of("formatVersion", "nodes", "edges", "settings", "layout");
  static final List<String> NODE_FIELDS = List.of("id", "type", "typeVersion", "name", "config");
  static final List<String> EDGE_FIELDS = List.of("from", "to");
  static final List<String> PORT_REF_FIELDS = List.of("node", "port");
  static final List<String> SETTINGS_FIELDS =
      List.of(
          "checkpointInterval", "parallelism", "deliveryGuarantee", "restartPolicy", "deadLetter");
  static final List<String> POSITION_FIELDS = List.of("x", "y");
  static final Map<String, List<String>> RESTART_POLICY_FIELDS =
      Map.of(
          RestartPolicy.None.TYPE, List.of("type"),
          RestartPolicy.FixedDelay.TYPE, List.of("type", "attempts", "delay"),
          RestartPolicy.ExponentialDelay.TYPE,
              List.of("type", "initialDelay", "maxDelay", "multiplier", "maxAttempts"));
  private static final List<String> RESTART_POLICY_TYPES =
      List.of(
          RestartPolicy.None.TYPE,
          RestartPolicy.FixedDelay.TYPE,
          RestartPolicy.ExponentialDelay.TYPE);

  /** What was read, what was wrong, and what had to be guessed to build {@link #salvaged}. */
  record Outcome(
      List<Problem> problems,
      PipelineDocument salvaged,
      int[] salvagedEdgeToDocumentEdge,
      Set<NodeId> nodesWithGuessedType,
      Set<NodeId> nodesWithGuessedConfig,
      Set<NodeId> nodesOnDroppedEdges,
      boolean someNodeDropped,
      boolean someEdgeEndUnknown) {}

  private final List<Problem> problems = new ArrayList<>();
  private final Set<NodeId> nodesWithGuessedType = new HashSet<>();
  private final Set<NodeId> nodesWithGuessedConfig = new HashSet<>();
  private final Set<NodeId> nodesOnDroppedEdges = new HashSet<>();
  private final List<Integer> keptEdges = new ArrayList<>();
  private boolean someNodeDropped;
  private boolean someEdgeEndUnknown;

  /** The id of the node being read, for {@link Problem#nodeId()}; null outside nodes. */
  private String currentNodeId;

  Outcome read(JsonNode root) {
    if (!root.isObject()) {
      problem(
          null,
          ProblemCodes.WRONG_TYPE,
          "A pipeline document must be a JSON object, got " + describe(root) + ".");
      return outcome(null);
    }
    JsonNode version = root.get("formatVersion");
    if (isAbsent(version)) {
      missing("formatVersion", "the format version of the document (" + formatVersionHint() + ")");
    } else if (!isInt(version)) {
      wrongType("formatVersion", "a whole number", version);
    } else if (version.intValue() != PipelineDocument.FORMAT_VERSION) {
      // A different version means different rules: reading on would only produce noise.
      problem(
          "formatVersion",
          ProblemCodes.UNSUPPORTED_FORMAT_VERSION,
          "This Sluice reads format version "
              + PipelineDocument.FORMAT_VERSION
              + " of pipeline documents, but the document has format version "
              + version.intValue()
              + ".");
      return outcome(null);
    }
    unknownFields(root, "", TOP_FIELDS);
    List<Node> nodes = readNodes(root.get("nodes"));
    List<Edge> edges = readEdges(root.get("edges"));
    Settings settings = readSettings(root.get("settings"));
    Layout layout = readLayout(root.get("layout"));
    return outcome(new PipelineDocument(nodes, edges, settings, layout));
  }

  private Outcome outcome(PipelineDocument salvaged) {
    return new Outcome(
        List.copyOf(problems),
        salvaged,
        keptEdges.stream().mapToInt(Integer::intValue).toArray(),
        Set.copyOf(nodesWithGuessedType),
        Set.copyOf(nodesWithGuessedConfig),
        Set.copyOf(nodesOnDroppedEdges),
        someNodeDropped,
        someEdgeEndUnknown);
  }

  private static String formatVersionHint() {
    return "\"formatVersion\": " + PipelineDocument.FORMAT_VERSION;
  }

  // ---- nodes

  private List<Node> readNodes(JsonNode array) {
    List<Node> nodes = new ArrayList<>();
    if (isAbsent(array)) {
      return nodes; // an empty pipeline, as a new design starts
    }
    if (!array.isArray()) {
      wrongType("nodes", "an array", array);
      someNodeDropped = true;
      return nodes;
    }
    for (int i = 0; i < array.size(); i++) {
      Node node = readNode(array.get(i), "nodes[" + i + "]");
      if (node == null) {
        someNodeDropped = true;
      } else {
        nodes.add(node);
      }
      currentNodeId = null;
    }
    return nodes;
  }

  /** The node, with guesses where parts are broken; null if even its id is unreadable. */
  private Node readNode(JsonNode json, String path) {
    if (!json.isObject()) {
      wrongType(path, "an object", json);
      return null;
    }
    NodeId id = readId(json, path, "id", true, NodeId::new, null);
    if (id != null) {
      currentNodeId = id.value();
    }
    unknownFields(json, path, NODE_FIELDS);

    String type = readString(json, path, "type", true);
    Integer typeVersion = readInt(json, path, "typeVersion", 1, 1);
    String name = readString(json, path, "name", false);
    Map<String, JsonNode> config = readConfig(json.get("config"), path + ".config");
    if (id == null) {
      return null;
    }
    if (type == null || typeVersion == null) {
      nodesWithGuessedType.add(id);
    }
    if (config == null) {
      nodesWithGuessedConfig.add(id);
    }
    return new Node(
        id,
        type == null ? "unreadable-type" : type,
        typeVersion == null ? 1 : typeVersion,
        name == null ? id.value() : name,
        config == null ? Map.of() : config);
  }

  private Map<String, JsonNode> readConfig(JsonNode json, String path) {
    if (isAbsent(json)) {
      return Map.of();
    }
    if (!json.isObject()) {
      wrongType(path, "an object of config values", json);
      return null;
    }
    // Keys are checked by the validator against the node type's descriptor.
    var config = new LinkedHashMap<String, JsonNode>();
    json.properties()
        .forEach(
            e -> {
              if (finite(e.getValue())) {
                config.put(e.getKey(), e.getValue());
              } else {
                // 1e400 reads as infinity, which no config field takes and JSON cannot write back.
                invalidValue(join(path, e.getKey()), "holds a number too large to store");
              }
            });
    return config;
  }

  private static boolean finite(JsonNode value) {
    if (value.isFloatingPointNumber() && !value.isBigDecimal()) {
      return Double.isFinite(value.doubleValue());
    }
    for (JsonNode child : value) {
      if (!finite(child)) {
        return false;
      }
    }
    return true;
  }

  // ---- edges

  private List<Edge> readEdges(JsonNode array) {
    List<Edge> edges = new ArrayList<>();
    if (isAbsent(array)) {
      return edges; // no connections yet
    }
    if (!array.isArray()) {
      wrongType("edges", "an array", array);
      someEdgeEndUnknown = true;
      return edges;
    }
    for (int i = 0; i < array.size(); i++) {
      String path = "edges[" + i + "]";
      JsonNode json = array.get(i);
      if (!json.isObject()) {
        wrongType(path, "an object with \"from\" and \"to\"", json);
        someEdgeEndUnknown = true;
        continue;
      }
      unknownFields(json, path, EDGE_FIELDS);
      PortRef from = readPortRef(json.get("from"), path + ".from", PortName.OUT);
      PortRef to = readPortRef(json.get("to"), path + ".to", PortName.IN);
      if (from != null && to != null) {
        edges.add(new Edge(from, to));
        keptEdges.add(i);
      } else {
        rememberEndsOfDroppedEdge(json);
      }
    }
    return edges;
  }

  private PortRef readPortRef(JsonNode json, String path, PortName defaultPort) {
    if (isAbsent(json)) {
      missing(path, "an object such as {\"node\": \"orders\", \"port\": \"" + defaultPort + "\"}");
      return null;
    }
    if (!json.isObject()) {
      wrongType(path, "an object with \"node\" and optionally \"port\"", json);
      return null;
    }
    unknownFields(json, path, PORT_REF_FIELDS);
    NodeId node = readId(json, path, "node", true, NodeId::new, null);
    PortName port = readId(json, path, "port", false, PortName::new, defaultPort);
    return node == null || port == null ? null : new PortRef(node, port);
  }

  /** Notes which nodes lost an edge to a reading problem, without reporting anything again. */
  private void rememberEndsOfDroppedEdge(JsonNode edge) {
    for (String end : EDGE_FIELDS) {
      JsonNode node = edge.path(end).path("node");
      try {
        nodesOnDroppedEdges.add(new NodeId(node.textValue()));
      } catch (IllegalArgumentException unreadable) {
        someEdgeEndUnknown = true;
      }
    }
  }

  // ---- settings

  private Settings readSettings(JsonNode json) {
    Settings defaults = Settings.defaults();
    if (isAbsent(json)) {
      return defaults;
    }
    if (!json.isObject()) {
      wrongType("settings", "an object", json);
      return defaults;
    }
    unknownFields(json, "settings", SETTINGS_FIELDS);
    Duration interval =
        readDuration(json, "settings", "checkpointInterval", defaults.checkpointInterval(), true);
    Integer parallelism = readInt(json, "settings", "parallelism", defaults.parallelism(), 1);
    DeliveryGuarantee guarantee = readGuarantee(json.get("deliveryGuarantee"));
    RestartPolicy restartPolicy = readRestartPolicy(json.get("restartPolicy"));
    DeadLetterTarget deadLetter = readDeadLetter(json.get("deadLetter"));
    return new Settings(
        interval == null ? defaults.checkpointInterval() : interval,
        parallelism == null ? defaults.parallelism() : parallelism,
        guarantee == null ? defaults.deliveryGuarantee() : guarantee,
        restartPolicy == null ? defaults.restartPolicy() : restartPolicy,
        deadLetter == null ? defaults.deadLetter() : deadLetter);
  }

  private static final List<String> DEAD_LETTER_TYPES =
      List.of(
          DeadLetterTarget.Catalog.TYPE,
          DeadLetterTarget.Postgres.TYPE,
          DeadLetterTarget.Directory.TYPE);

  private DeadLetterTarget readDeadLetter(JsonNode json) {
    String path = "settings.deadLetter";
    if (isAbsent(json)) {
      return Settings.defaults().deadLetter();
    }
    String type = readTypeTag(json, path, DEAD_LETTER_TYPES);
    if (type == null) {
      return null;
    }
    switch (type) {
      case DeadLetterTarget.Postgres.TYPE -> {
        unknownFields(json, path, List.of("type", "jdbcUrl", "user", "password", "table"));
        String url = readString(json, path, "jdbcUrl", true);
        String table = readString(json, path, "table", true);
        String user = readString(json, path, "user", false);
        // A secret: a string, or {"set": true} where the password is stored sealed (as the API
        // shows it) and {"set": false} for none.
        JsonNode secret = json.get("password");
        boolean sealed = false;
        String password = null;
        if (secret != null
            && secret.isObject()
            && secret.size() == 1
            && secret.path("set").isBoolean()) {
          sealed = secret.get("set").booleanValue();
        } else if (secret != null && !secret.isNull() && !secret.isTextual()) {
          // Not wrongType: that would repeat the value, and this one may be a credential.
          problem(
              path + ".password",
              ProblemCodes.WRONG_TYPE,
              path
                  + ".password is a secret: a string, {\"set\": true} to keep the stored one,"
                  + " or null to remove it.");
          return null;
        } else {
          password = readString(json, path, "password", false);
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
          invalidValue(path + ".jdbcUrl", "must start with jdbc:postgresql:, got '" + url + "'");
          return null;
        }
        return url == null || table == null
            ? null
            : new DeadLetterTarget.Postgres(url, user, password, table, sealed);
      }
      case DeadLetterTarget.Directory.TYPE -> {
        unknownFields(json, path, List.of("type", "path"));
        String dir = readString(json, path, "path", true);
        if (dir != null && !dir.startsWith("/")) {
          invalidValue(path + ".path", "must be an absolute path, got '" + dir + "'");
          return null;
        }
        return dir == null ? null : new DeadLetterTarget.Directory(dir);
      }
      default -> {
        unknownFields(json, path, List.of("type"));
        return new DeadLetterTarget.Catalog();
      }
    }
  }

  private DeliveryGuarantee readGuarantee(JsonNode json) {
    String path = "settings.deliveryGuarantee";
    if (isAbsent(json)) {
      return Settings.defaults().deliveryGuarantee();
    }
    if (!json.isTextual()) {
      wrongType(path, "a string", json);
      return null;
    }
    var guarantee = DeliveryGuarantee.fromWireName(json.textValue());
    if (guarantee.isEmpty()) {
      unknownValue(
          path,
          json.textValue(),
          Arrays.stream(DeliveryGuarantee.values()).map(DeliveryGuarantee::wireName).toList());
      return null;
    }
    return guarantee.get();
  }

  private RestartPolicy readRestartPolicy(JsonNode json) {
    String path = "settings.restartPolicy";
    if (isAbsent(json)) {
      return Settings.defaults().restartPolicy();
    }
    String type = readTypeTag(json, path, RESTART_POLICY_TYPES);
    if (type == null) {
      return null;
    }
    unknownFields(json, path, RESTART_POLICY_FIELDS.get(type));
    return switch (type) {
      case RestartPolicy.None.TYPE -> new RestartPolicy.None();
      case RestartPolicy.FixedDelay.TYPE -> {
        Integer attempts = readInt(json, path, "attempts", null, 1);
        Duration delay = readDuration(json, path, "delay", null, false);
        yield attempts == null || delay == null
            ? null
            : new RestartPolicy.FixedDelay(attempts, delay);
      }
      default -> {
        var defaults = RestartPolicy.ExponentialDelay.defaults();
        Duration initial = readDuration(json, path, "initialDelay", defaults.initialDelay(), true);
        Duration max = readDuration(json, path, "maxDelay", defaults.maxDelay(), true);
        Double multiplier = readMultiplier(json, path, defaults.multiplier());
        Integer maxAttempts = readInt(json, path, "maxAttempts", defaults.maxAttempts(), 1);
        if (initial == null || max == null || multiplier == null || maxAttempts == null) {
          yield null;
        }
        if (max.compareTo(initial) < 0) {
          problem(
              path + ".maxDelay",
              ProblemCodes.INVALID_VALUE,
              "maxDelay ("
                  + Durations.format(max)
                  + ") must not be shorter than initialDelay ("
                  + Durations.format(initial)
                  + ").");
          yield null;
        }
        yield new RestartPolicy.ExponentialDelay(initial, max, multiplier, maxAttempts);
      }
    };
  }

  private Double readMultiplier(JsonNode parent, String parentPath, double defaultValue) {
    String path = parentPath + ".multiplier";
    JsonNode json = parent.get("multiplier");
    if (isAbsent(json)) {
      return defaultValue;
    }
    if (!json.isNumber()) {
      wrongType(path, "a number", json);
      return null;
    }
    double value = json.doubleValue();
    if (!(value >= 1.0) || Double.isInfinite(value)) {
      problem(
          path, ProblemCodes.INVALID_VALUE, "multiplier must be at least 1.0, got " + value + ".");
      return null;
    }
    return value;
  }

  // ---- layout

  private Layout readLayout(JsonNode json) {
    if (isAbsent(json)) {
      return Layout.empty();
    }
    if (!json.isObject()) {
      wrongType("layout", "an object from node id to {\"x\": …, \"y\": …}", json);
      return Layout.empty();
    }
    var positions = new LinkedHashMap<NodeId, Position>();
    json.properties()
        .forEach(
            entry -> {
              String path = "layout." + entry.getKey();
              NodeId id = null;
              try {
                id = new NodeId(entry.getKey());
              } catch (IllegalArgumentException e) {
                problem(path, ProblemCodes.INVALID_ID, e.getMessage() + ".");
              }
              Position position = readPosition(entry.getValue(), path);
              if (id != null && position != null) {
                positions.put(id, position);
              }
            });
    return new Layout(positions);
  }

  private Position readPosition(JsonNode json, String path) {
    if (!json.isObject()) {
      wrongType(path, "an object such as {\"x\": 10, \"y\": 20}", json);
      return null;
    }
    unknownFields(json, path, POSITION_FIELDS);
    Double x = readCoordinate(json, path, "x");
    Double y = readCoordinate(json, path, "y");
    return x == null || y == null ? null : new Position(x, y);
  }

  private Double readCoordinate(JsonNode parent, String parentPath, String name) {
    JsonNode json = parent.get(name);
    String path = parentPath + "." + name;
    if (isAbsent(json)) {
      missing(path, "a number");
      return null;
    }
    if (!json.isNumber() || !Double.isFinite(json.doubleValue())) {
      wrongType(path, "a number", json);
      return null;
    }
    return json.doubleValue();
  }

  // ---- values

  private <T> T readId(
      JsonNode parent,
      String parentPath,
      String name,
      boolean required,
      Function<String, T> constructor,
      T defaultValue) {
    JsonNode json = parent.get(name);
    String path = parentPath + "." + name;
    if (isAbsent(json)) {
      if (required) {
        missing(path, "a string");
      }
      return defaultValue;
    }
    if (!json.isTextual()) {
      wrongType(path, "a string", json);
      return null;
    }
    try {
      return constructor.apply(json.textValue());
    } catch (IllegalArgumentException e) {
      problem(path, ProblemCodes.INVALID_ID, e.getMessage() + ".");
      return null;
    }
  }

  /** A non-blank string; null (after reporting) if absent-but-required or broken. */
  private String readString(JsonNode parent, String parentPath, String name, boolean required) {
    JsonNode json = parent.get(name);
    String path = join(parentPath, name);
    if (isAbsent(json)) {
      if (required) {
        missing(path, "a string");
      }
      return null;
    }
    if (!json.isTextual()) {
      wrongType(path, "a string", json);
      return null;
    }
    if (json.textValue().isBlank()) {
      problem(path, ProblemCodes.INVALID_VALUE, path + " must not be blank.");
      return null;
    }
    return json.textValue();
  }

  /** An int of at least {@code min}; the default if absent and a default is given. */
  private Integer readInt(
      JsonNode parent, String parentPath, String name, Integer defaultValue, int min) {
    JsonNode json = parent.get(name);
    String path = join(parentPath, name);
    if (isAbsent(json)) {
      if (defaultValue == null) {
        missing(path, "a whole number");
      }
      return defaultValue;
    }
    if (!isInt(json)) {
      wrongType(path, "a whole number", json);
      return null;
    }
    if (json.intValue() < min) {
      problem(
          path,
          ProblemCodes.INVALID_VALUE,
          name + " must be at least " + min + ", got " + json.intValue() + ".");
      return null;
    }
    return json.intValue();
  }

  private Duration readDuration(
      JsonNode parent, String parentPath, String name, Duration defaultValue, boolean positive) {
    JsonNode json = parent.get(name);
    String path = join(parentPath, name);
    if (isAbsent(json)) {
      if (defaultValue == null) {
        missing(path, Durations.EXPECTED);
      }
      return defaultValue;
    }
    if (!json.isTextual()) {
      wrongType(path, Durations.EXPECTED + " (in quotes)", json);
      return null;
    }
    var duration = Durations.parse(json.textValue());
    if (duration.isEmpty()) {
      problem(
          path,
          ProblemCodes.INVALID_DURATION,
          "'" + json.textValue() + "' is not " + Durations.EXPECTED + ".");
      return null;
    }
    if (duration.get().isNegative() || (positive && duration.get().isZero())) {
      problem(
          path,
          ProblemCodes.INVALID_VALUE,
          name
              + " must be "
              + (positive ? "positive" : "zero or more")
              + ", got "
              + json.textValue()
              + ".");
      return null;
    }
    return duration.get();
  }

  // ---- reporting

  private void unknownFields(JsonNode object, String path, List<String> allowed) {
    for (var property : object.properties()) {
      String name = property.getKey();
      if (!allowed.contains(name)) {
        problem(
            join(path, name),
            ProblemCodes.UNKNOWN_FIELD,
            "Unknown field '"
                + name
                + "'"
                + (path.isEmpty() ? "" : " in " + path)
                + "; allowed fields are: "
                + String.join(", ", allowed)
                + ".");
      }
    }
  }

  private void missing(String path, String expected) {
    problem(
        path, ProblemCodes.MISSING_FIELD, "Missing field " + path + ": expected " + expected + ".");
  }

  private void wrongType(String path, String expected, JsonNode actual) {
    problem(
        path,
        ProblemCodes.WRONG_TYPE,
        path + " must be " + expected + ", got " + describe(actual) + ".");
  }

  private void unknownValue(String path, String value, List<String> allowed) {
    problem(
        path,
        ProblemCodes.UNKNOWN_VALUE,
        "'"
            + value
            + "' is not a valid value for "
            + path
            + "; allowed values are: "
            + allowed.stream().collect(Collectors.joining(", "))
            + ".");
  }

  /**
   * The {@code type} of an object that comes in several kinds (restart policy, dead-letter target),
   * or null after recording why it cannot be read.
   */
  private String readTypeTag(JsonNode json, String path, List<String> types) {
    if (!json.isObject()) {
      wrongType(path, "an object with a \"type\"", json);
      return null;
    }
    String type = readString(json, path, "type", true);
    if (type != null && !types.contains(type)) {
      unknownValue(path + ".type", type, types);
      return null;
    }
    return type;
  }

  private void invalidValue(String path, String reason) {
    problem(path, ProblemCodes.INVALID_VALUE, path + " " + reason + ".");
  }

  private void problem(String path, String code, String message) {
    problems.add(new Problem(currentNodeId, path, code, message));
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static boolean isAbsent(JsonNode json) {
    return json == null || json.isNull() || json.isMissingNode();
  }

  private static boolean isInt(JsonNode json) {
    return json.isIntegralNumber() && json.canConvertToInt();
  }

  static String describe(JsonNode json) {
    return switch (json.getNodeType()) {
      case STRING -> "the string \"" + abbreviate(json.textValue()) + "\"";
      case NUMBER -> "the number " + json.asText();
      case BOOLEAN -> json.asText();
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BINARY, POJO, MISSING -> "nothing";
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
