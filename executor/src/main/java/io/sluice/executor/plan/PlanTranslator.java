package io.sluice.executor.plan;

import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.connectors.kafka.source.KafkaSourceSettings;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.postgres.incremental.IncrementalSettings;
import io.sluice.connectors.s3.S3Connection;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.Edge;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.kafka.KafkaConfigText;
import io.sluice.model.logtail.LogTailSchema;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.validation.PipelineValidator;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates a pipeline document into an {@link ExecutionPlan}. Pure: no Flink, no I/O, so every
 * rule of the translation is unit-tested on its own.
 *
 * <pre>{@code
 * ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(document);
 * }</pre>
 *
 * <p>Only valid documents translate; an invalid one throws {@link InvalidPipelineException} with
 * the validator's problems, since running what the user has not fixed would be a bug of ours.
 */
public final class PlanTranslator {
  private final NodeTypeRegistry registry;
  private final PipelineValidator validator;
  private final PipelineResolver resolver;

  public PlanTranslator(NodeTypeRegistry registry) {
    this(registry, PipelineResolver.NONE);
  }

  /**
   * A translator that first resolves each document with {@code resolver} (fills in the stored
   * connections its nodes name, checks its paths); the resolver's problems stop the translation
   * like the validator's.
   */
  public PlanTranslator(NodeTypeRegistry registry, PipelineResolver resolver) {
    this.registry = registry;
    this.validator = new PipelineValidator(registry);
    this.resolver = resolver;
  }

  /** The resolver this translator applies before validating. */
  public PipelineResolver resolver() {
    return resolver;
  }

  /** The node types this translator knows. */
  public NodeTypeRegistry registry() {
    return registry;
  }

  /** Thrown for a document that does not validate; carries every problem. */
  public static final class InvalidPipelineException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidPipelineException(List<Problem> problems) {
      super(
          "The pipeline is not valid: "
              + problems.size()
              + " problem(s), first: "
              + problems.get(0).message());
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  public ExecutionPlan translate(PipelineDocument stored) {
    PipelineResolver.Resolved resolved = resolver.resolve(stored);
    PipelineDocument document = resolved.document();
    List<Problem> problems = new ArrayList<>(resolved.problems());
    problems.addAll(validator.validate(document));
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(problems);
    }
    Map<NodeId, Node> nodes = new LinkedHashMap<>();
    document.nodes().forEach(n -> nodes.put(n.id(), n));
    // Every input of a node, in edge order; a validated document has one edge per one-edge port.
    Map<NodeId, List<NodeId>> inputsOf = new HashMap<>();
    for (Edge edge : document.edges()) {
      List<NodeId> inputs = inputsOf.computeIfAbsent(edge.to().node(), k -> new ArrayList<>());
      if (!inputs.contains(edge.from().node())) {
        inputs.add(edge.from().node());
      }
    }

    List<Step> steps = new ArrayList<>();
    for (NodeId id : topologicalOrder(nodes, document.edges())) {
      Node node = nodes.get(id);
      NodeTypeDescriptor type = registry.find(node.type(), node.typeVersion()).orElseThrow();
      steps.add(step(node, type, inputsOf.getOrDefault(id, List.of()), document.edges()));
    }
    return new ExecutionPlan(steps, document.settings(), document.edges());
  }

  /** The node whose edge ends at {@code port} of {@code node}; a validated document has one. */
  private static NodeId inputOn(List<Edge> edges, NodeId node, PortName port) {
    return edges.stream()
        .filter(e -> e.to().node().equals(node) && e.to().port().equals(port))
        .map(e -> e.from().node())
        .findFirst()
        .orElseThrow();
  }

  private static Step step(
      Node node, NodeTypeDescriptor type, List<NodeId> inputs, List<Edge> edges) {
    ConfigValues config = ConfigValues.of(type, node);
    Optional<NodeId> input = inputs.stream().findFirst();
    if (List.of(
            TransformNodeTypes.WINDOW_AGGREGATE,
            TransformNodeTypes.DEDUPLICATE,
            TransformNodeTypes.UNION,
            TransformNodeTypes.ROUTE,
            TransformNodeTypes.SQL,
            TransformNodeTypes.LOOKUP_JOIN,
            TransformNodeTypes.PATTERN)
        .contains(type.type())) {
      return TransformSteps.step(node.id(), type.type(), config, inputs);
    }
    if (type.type().equals(TransformNodeTypes.INTERVAL_JOIN)) {
      return TransformSteps.intervalJoin(
          node.id(),
          config,
          inputOn(edges, node.id(), TransformNodeTypes.LEFT_PORT),
          inputOn(edges, node.id(), TransformNodeTypes.RIGHT_PORT));
    }
    return switch (type.type()) {
      case BuiltInNodeTypes.GENERATOR ->
          new Step.GeneratorSource(
              node.id(),
              config.integer("seed"),
              config.integer("recordsPerSecond"),
              config.get("count").map(v -> v.asLong()),
              config.stringList("fields").isEmpty()
                  ? Optional.empty()
                  : Optional.of(RecordSchema.parse(config.stringList("fields")).schema()));
      case BuiltInNodeTypes.FILE_DIRECTORY ->
          fileSource(node, config, config.string("path"), config.bool("recursive"));
      case BuiltInNodeTypes.S3 -> {
        S3Connection connection = S3Connection.of(config);
        String prefix = config.optionalString("prefix").map(String::strip).orElse("");
        yield new Step.S3Source(
            node.id(),
            connection,
            prefix,
            config.duration("lateObjectGrace"),
            fileSource(node, config, connection.uri(prefix), false));
      }
      case BuiltInNodeTypes.S3_SINK ->
          new Step.S3Sink(
              node.id(),
              input.orElseThrow(),
              S3Connection.of(config),
              config.optionalString("prefix").map(String::strip).orElse(""),
              config.string("format").equals("json-lines")
                  ? Step.FileDirectorySource.Format.JSON_LINES
                  : Step.FileDirectorySource.Format.CSV,
              config.string("csvDelimiter").charAt(0),
              config.string("filePrefix"));
      case BuiltInNodeTypes.FILTER ->
          new Step.Filter(
              node.id(), input.orElseThrow(), config.string("condition").strip(), onError(config));
      case BuiltInNodeTypes.DERIVE ->
          new Step.Derive(
              node.id(),
              input.orElseThrow(),
              config.stringList("fields").stream().map(PlanTranslator::derivation).toList(),
              config.stringList("rename").stream().map(PlanTranslator::rename).toList(),
              config.stringList("drop").stream().map(String::strip).toList(),
              config.stringList("keep").stream().map(String::strip).toList(),
              onError(config));
      case BuiltInNodeTypes.POSTGRES ->
          new Step.PostgresSink(
              node.id(),
              input.orElseThrow(),
              config.string("jdbcUrl"),
              config.optionalString("user").orElse(null),
              config.optionalString("password").orElse(null),
              config.string("table"),
              Step.PostgresSink.Mode.valueOf(config.string("mode").toUpperCase(Locale.ROOT)),
              config.stringList("keyFields"),
              config.bool("createTable"));
      case BuiltInNodeTypes.FILE_DIRECTORY_SINK ->
          new Step.FileDirectorySink(
              node.id(),
              input.orElseThrow(),
              config.string("path"),
              config.string("format").equals("json-lines")
                  ? Step.FileDirectorySource.Format.JSON_LINES
                  : Step.FileDirectorySource.Format.CSV,
              config.string("csvDelimiter").charAt(0),
              config.string("filePrefix"));
      case BuiltInNodeTypes.KAFKA -> kafkaSource(node, config);
      case BuiltInNodeTypes.POSTGRES_INCREMENTAL ->
          new Step.PostgresIncrementalSource(
              node.id(),
              new IncrementalSettings(
                  config.string("jdbcUrl"),
                  config.optionalString("user").orElse(null),
                  config.optionalString("password").orElse(null),
                  nonBlank(config, "table"),
                  nonBlank(config, "query"),
                  config.stringList("fields"),
                  config.stringList("offsetColumns").stream().map(String::strip).toList(),
                  config.duration("pollInterval"),
                  (int) config.integer("batchSize"),
                  config.duration("lagSafety")),
              onError(config));
      case BuiltInNodeTypes.POSTGRES_CDC ->
          new Step.PostgresCdcSource(
              node.id(),
              config.string("jdbcUrl"),
              config.optionalString("user").orElse(null),
              config.optionalString("password").orElse(null),
              config.string("table").strip(),
              config.stringList("fields"),
              config.string("opField").strip(),
              nonBlank(config, "publication"),
              config.bool("snapshot"),
              onError(config));
      case BuiltInNodeTypes.LOG_TAIL -> logTail(node, config);
      case BuiltInNodeTypes.KAFKA_SINK ->
          new Step.KafkaSink(
              node.id(),
              input.orElseThrow(),
              KafkaConfigText.servers(config.string("bootstrapServers")),
              config.string("topic").strip(),
              config.string("format").equals("csv") ? KafkaFormat.CSV : KafkaFormat.JSON,
              config.string("csvDelimiter").charAt(0),
              config.optionalString("keyField").map(String::strip).filter(k -> !k.isEmpty()),
              config.stringList("headerFields").stream().map(String::strip).toList(),
              config.string("delivery").equals("exactly-once"),
              config.duration("transactionTimeout"),
              KafkaConfigText.properties(config.stringList("producerProperties"), Set.of())
                  .values());
      default ->
          throw new IllegalStateException(
              "Node type " + type.type() + " validates but has no translation");
    };
  }

  /** A file-directory source, or the file settings of an S3 source. */
  private static Step.FileDirectorySource fileSource(
      Node node, ConfigValues config, String path, boolean recursive) {
    return new Step.FileDirectorySource(
        node.id(),
        path,
        recursive,
        config.string("pattern"),
        config.string("format").equals("json-lines")
            ? Step.FileDirectorySource.Format.JSON_LINES
            : Step.FileDirectorySource.Format.CSV,
        config.string("csvDelimiter").charAt(0),
        config.bool("csvHeader"),
        config.string("csvQuote").charAt(0),
        config.optionalString("csvEscape").filter(e -> !e.isEmpty()).map(e -> e.charAt(0)),
        config.string("csvNullString"),
        Charset.forName(config.string("charset")),
        config.duration("discoveryInterval"),
        RecordSchema.parse(config.stringList("fields")).schema(),
        onError(config));
  }

  /** A Kafka source; its group id is chosen by the compiler unless the properties name one. */
  private static Step.KafkaSource kafkaSource(Node node, ConfigValues config) {
    Map<String, String> properties =
        new LinkedHashMap<>(
            KafkaConfigText.properties(config.stringList("consumerProperties"), Set.of()).values());
    String groupId = properties.remove("group.id");
    KafkaFormat format = KafkaFormat.valueOf(config.string("format").toUpperCase(Locale.ROOT));
    var pattern = config.optionalString("topicPattern").filter(p -> !p.isBlank());
    var startFrom =
        KafkaSourceSettings.StartFrom.valueOf(config.string("startFrom").toUpperCase(Locale.ROOT));
    var settings =
        new KafkaSourceSettings(
            KafkaConfigText.servers(config.string("bootstrapServers")),
            pattern.isPresent()
                ? List.of()
                : config.stringList("topics").stream().map(String::strip).toList(),
            pattern.orElse(null),
            startFrom,
            startFrom == KafkaSourceSettings.StartFrom.TIMESTAMP
                ? KafkaConfigText.startTimestamp(config.string("startTimestamp")).orElseThrow()
                : null,
            format,
            config.string("csvDelimiter").charAt(0),
            config.string("csvQuote").charAt(0),
            config.string("csvNullString"),
            RecordSchema.parse(config.stringList("fields")).schema().fields(),
            new KafkaSourceSettings.Metadata(
                metadataName(config, "keyField"),
                metadataName(config, "topicField"),
                metadataName(config, "partitionField"),
                metadataName(config, "offsetField"),
                metadataName(config, "timestampField"),
                metadataName(config, "headersField")),
            groupId,
            config.duration("discoveryInterval"),
            properties);
    return new Step.KafkaSource(node.id(), settings, onError(config));
  }

  private static String nonBlank(ConfigValues config, String field) {
    return config.optionalString(field).map(String::strip).filter(n -> !n.isEmpty()).orElse(null);
  }

  private static Step.LogTailSource logTail(Node node, ConfigValues config) {
    var settings =
        new LogTailSettings(
            config.string("path").strip(),
            config.string("filePattern"),
            config.string("startAt").equals("end"),
            config.duration("pollInterval"),
            new LogTailSettings.Multiline(
                config.optionalString("continuationPattern").orElse(null),
                (int) config.integer("multilineMaxLines"),
                (int) config.integer("multilineMaxBytes"),
                config.duration("multilineTimeout")),
            LogTailSchema.LogFormat.of(config.string("format")).orElseThrow(),
            config.optionalString("linePattern").orElse(null),
            config.stringList("grokPatterns"),
            config.stringList("fields"),
            config.optionalString("timestampField").orElse(null),
            config.string("timestampFormat"),
            config.optionalString("fileField").orElse(null),
            config.string("charset"));
    return new Step.LogTailSource(
        node.id(), settings, config.duration("watermarkDelay"), onError(config));
  }

  private static String metadataName(ConfigValues config, String field) {
    return config.optionalString(field).map(String::strip).filter(n -> !n.isEmpty()).orElse(null);
  }

  /** {@code dead-letter}, {@code skip} or {@code fail}; the descriptor gives the default. */
  private static Step.OnError onError(ConfigValues config) {
    return Step.OnError.valueOf(
        config.string("onError").replace('-', '_').toUpperCase(Locale.ROOT));
  }

  private static Step.Derivation derivation(String entry) {
    int eq = entry.indexOf('=');
    return new Step.Derivation(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
  }

  private static Step.Rename rename(String entry) {
    int arrow = entry.indexOf("->");
    return new Step.Rename(entry.substring(0, arrow).strip(), entry.substring(arrow + 2).strip());
  }

  /** Kahn's algorithm, taking ready nodes in document order so plans are deterministic. */
  private static List<NodeId> topologicalOrder(Map<NodeId, Node> nodes, List<Edge> edges) {
    Map<NodeId, Integer> indegree = new LinkedHashMap<>();
    nodes.keySet().forEach(id -> indegree.put(id, 0));
    edges.forEach(e -> indegree.merge(e.to().node(), 1, Integer::sum));
    List<NodeId> order = new ArrayList<>();
    while (order.size() < nodes.size()) {
      NodeId next =
          indegree.entrySet().stream()
              .filter(e -> e.getValue() == 0 && !order.contains(e.getKey()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("cycle in a validated pipeline"));
      order.add(next);
      edges.stream()
          .filter(e -> e.from().node().equals(next))
          .forEach(e -> indegree.merge(e.to().node(), -1, Integer::sum));
    }
    return order;
  }
}
