package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.json.ReadResult;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {

  private static final String SRC =
      """
      {"id": "src", "type": "file-directory", "config": {"path": "/data/orders", "fields": ["id: long"]}}""";
  private static final String FILTER =
      """
      {"id": "big", "type": "filter", "config": {"condition": "amount > 100"}}""";
  private static final String SINK =
      """
      {"id": "sink", "type": "postgres",
       "config": {"jdbcUrl": "jdbc:postgresql://localhost/shop", "table": "orders"}}""";
  private static final String SRC_TO_BIG =
      """
      {"from": {"node": "src"}, "to": {"node": "big"}}""";
  private static final String BIG_TO_SINK =
      """
      {"from": {"node": "big"}, "to": {"node": "sink"}}""";

  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  @Test
  void findsNothingWrongWithAConnectedPipeline() {
    assertThat(validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK))).isEmpty();
  }

  @Test
  void reportsBothMissingSourceAndSinkForAnEmptyPipeline() {
    assertThat(validator.validate(PipelineDocument.empty()))
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(tuple(null, ProblemCodes.NO_SOURCE), tuple(null, ProblemCodes.NO_SINK));
  }

  @Test
  void reportsTheSecondNodeWithAnIdAlreadyUsed() {
    String otherSink = SINK.replace("\"orders\"", "\"orders_copy\"");

    assertThat(validate(List.of(SRC, FILTER, SINK, otherSink), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("sink", "id", ProblemCodes.DUPLICATE_NODE_ID));
  }

  @Test
  void reportsAnUnknownNodeTypeNamingTheKnownOnes() {
    String kafka = "{\"id\": \"k\", \"type\": \"mqtt\"}";

    List<Problem> problems =
        validate(List.of(SRC, kafka, SINK), List.of(edge("src", "k"), edge("k", "sink")));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("k", "type", ProblemCodes.UNKNOWN_NODE_TYPE));
    assertThat(problems.get(0).message())
        .contains(
            "file-directory, generator, filter, derive, postgres, file-directory-sink, kafka,"
                + " kafka-sink");
  }

  @Test
  void reportsAnUnknownVersionOfAKnownType() {
    String filterV2 = FILTER.replace("\"filter\"", "\"filter\", \"typeVersion\": 2");

    assertThat(validate(List.of(SRC, filterV2, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("big", "typeVersion", ProblemCodes.UNKNOWN_TYPE_VERSION));
  }

  @Test
  void reportsMissingRequiredConfigIncludingJsonNull() {
    String src =
        "{\"id\": \"src\", \"type\": \"file-directory\", \"config\": {\"path\": null,"
            + " \"fields\": [\"id: long\"]}}";
    String sink = "{\"id\": \"sink\", \"type\": \"postgres\"}";

    assertThat(validate(List.of(src, FILTER, sink), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("src", "config.path", ProblemCodes.MISSING_CONFIG),
            tuple("sink", "config.jdbcUrl", ProblemCodes.MISSING_CONFIG),
            tuple("sink", "config.table", ProblemCodes.MISSING_CONFIG));
  }

  @Test
  void reportsIllTypedConfigValues() {
    String src =
        """
        {"id": "src", "type": "file-directory",
         "config": {"path": 42, "format": "xml", "csvHeader": "yes",
                    "discoveryInterval": "often", "csvDelimiter": ";;",
                    "fields": ["id: long"]}}""";
    String filter = "{\"id\": \"big\", \"type\": \"filter\", \"config\": {\"condition\": \"  \"}}";
    String sink =
        """
        {"id": "sink", "type": "postgres",
         "config": {"jdbcUrl": "jdbc:mysql://db/shop", "table": "orders",
                    "mode": "upsert", "keyFields": "order_id"}}""";

    List<Problem> problems = validate(List.of(src, filter, sink), List.of(SRC_TO_BIG, BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("src", "config.path", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.format", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.csvHeader", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.discoveryInterval", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.csvDelimiter", ProblemCodes.INVALID_CONFIG),
            tuple("big", "config.condition", ProblemCodes.INVALID_CONFIG),
            tuple("sink", "config.keyFields", ProblemCodes.INVALID_CONFIG),
            tuple("sink", "config.jdbcUrl", ProblemCodes.INVALID_CONFIG));
    assertThat(problems.get(1).message()).contains("csv, json-lines").contains("\"xml\"");
    assertThat(problems.get(4).message()).contains("exactly one character");
  }

  @Test
  void checksIntegerBounds() {
    var descriptor =
        new io.sluice.model.nodetype.NodeTypeDescriptor(
            "sample",
            1,
            io.sluice.model.nodetype.NodeRole.TRANSFORM,
            "Sample",
            "Keeps one record in n.",
            List.of(io.sluice.model.nodetype.PortSpec.input()),
            List.of(io.sluice.model.nodetype.PortSpec.output()),
            List.of(
                io.sluice.model.nodetype.ConfigField.builder(
                        "every", io.sluice.model.nodetype.FieldKind.INTEGER)
                    .required()
                    .min(2)
                    .max(1000)
                    .build()));
    var registry =
        io.sluice.model.nodetype.NodeTypeRegistry.of(
            List.of(
                descriptor,
                BuiltInNodeTypes.registry().find("file-directory", 1).orElseThrow(),
                BuiltInNodeTypes.registry().find("postgres", 1).orElseThrow()));
    String sample = "{\"id\": \"big\", \"type\": \"sample\", \"config\": {\"every\": 1}}";

    List<Problem> problems =
        new PipelineValidator(registry)
            .validate(document(List.of(SRC, sample, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK)));

    assertThat(problems)
        .extracting(Problem::field, Problem::code, Problem::message)
        .containsExactly(
            tuple(
                "config.every", ProblemCodes.INVALID_CONFIG, "every: must be at least 2, got 1."));
  }

  @Test
  void reportsConfigKeysTheTypeDoesNotDeclare() {
    String filter =
        "{\"id\": \"big\", \"type\": \"filter\","
            + " \"config\": {\"condition\": \"a > 1\", \"conditon\": \"typo\"}}";

    List<Problem> problems = validate(List.of(SRC, filter, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("big", "config.conditon", ProblemCodes.UNKNOWN_CONFIG_FIELD));
    assertThat(problems.get(0).message()).contains("its fields are: condition");
  }

  @Test
  void requiresKeyFieldsForAnUpsert() {
    String upsert =
        """
        {"id": "sink", "type": "postgres",
         "config": {"jdbcUrl": "jdbc:postgresql://localhost/shop", "table": "orders",
                    "mode": "upsert"}}""";
    String upsertWithKeys = upsert.replace("\"upsert\"", "\"upsert\", \"keyFields\": [\"id\"]");

    assertThat(validate(List.of(SRC, FILTER, upsert), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("sink", "config.keyFields", ProblemCodes.MISSING_CONFIG));
    assertThat(validate(List.of(SRC, FILTER, upsertWithKeys), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .isEmpty();
  }

  @Test
  void checksThatDerivedFieldsReadNameEqualsExpression() {
    String derive =
        """
        {"id": "big", "type": "derive",
         "config": {"fields": ["total = price * quantity", "just an expression",
                               "TOTAL = 0", "flag == 1"]}}""";

    List<Problem> problems = validate(List.of(SRC, derive, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::field, Problem::code)
        .containsOnly(tuple("config.fields", ProblemCodes.INVALID_CONFIG));
    assertThat(problems)
        .extracting(Problem::message)
        .satisfiesExactly(
            m -> assertThat(m).startsWith("Entry 2 (\"just an expression\")"),
            m -> assertThat(m).startsWith("Entry 3 derives 'TOTAL' again"),
            m -> assertThat(m).startsWith("Entry 4 (\"flag == 1\")"));
  }

  @Test
  void reportsAnEdgeToANodeThatDoesNotExist() {
    List<Problem> problems =
        validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK, edge("big", "gone")));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple(null, "edges[2]", ProblemCodes.DANGLING_EDGE));
    assertThat(problems.get(0).message()).contains("'gone'");
  }

  @Test
  void reportsAPortTheNodeTypeDoesNotDeclare() {
    String badPort =
        "{\"from\": {\"node\": \"big\", \"port\": \"rejected\"}, \"to\": {\"node\": \"sink\"}}";

    List<Problem> problems = validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, badPort));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("big", "edges[1]", ProblemCodes.UNKNOWN_PORT));
    assertThat(problems.get(0).message()).contains("'rejected'").contains("output ports: out");
  }

  @Test
  void reportsAnUnknownInputPortWithoutAlsoCallingTheInputUnconnected() {
    String badPort =
        "{\"from\": {\"node\": \"big\"}, \"to\": {\"node\": \"sink\", \"port\": \"input\"}}";

    assertThat(validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, badPort)))
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(tuple("sink", ProblemCodes.UNKNOWN_PORT));
  }

  @Test
  void reportsAnEdgeThatRepeatsAnEarlierOne() {
    assertThat(validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK, SRC_TO_BIG)))
        .extracting(Problem::field, Problem::code)
        .containsExactly(tuple("edges[2]", ProblemCodes.DUPLICATE_EDGE));
  }

  @Test
  void reportsEveryNodeOnACycleAndNoneOutsideIt() {
    String derive =
        "{\"id\": \"calc\", \"type\": \"derive\", \"config\": {\"fields\": [\"x = 1\"]}}";

    List<Problem> problems =
        validate(
            List.of(SRC, FILTER, derive, SINK),
            List.of(SRC_TO_BIG, edge("big", "calc"), edge("calc", "big"), BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(tuple("big", ProblemCodes.CYCLE), tuple("calc", ProblemCodes.CYCLE));
    assertThat(problems.get(0).message()).contains("big, calc");
  }

  @Test
  void reportsANodeWithAnEdgeToItself() {
    List<Problem> problems =
        validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, edge("big", "big"), BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(tuple("big", ProblemCodes.CYCLE));
    assertThat(problems.get(0).message()).contains("edge to itself");
  }

  @Test
  void reportsEdgesIntoASourceAndOutOfASink() {
    List<Problem> problems =
        validate(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK, edge("sink", "src")));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("sink", "edges[2]", ProblemCodes.SINK_HAS_OUTPUT),
            tuple("src", "edges[2]", ProblemCodes.SOURCE_HAS_INPUT),
            tuple("src", null, ProblemCodes.CYCLE),
            tuple("big", null, ProblemCodes.CYCLE),
            tuple("sink", null, ProblemCodes.CYCLE));
  }

  @Test
  void reportsANodeWithoutEdgesAndATransformWhoseInputIsEmpty() {
    String lonely =
        "{\"id\": \"lonely\", \"type\": \"filter\", \"config\": {\"condition\": \"true\"}}";

    List<Problem> problems = validate(List.of(SRC, FILTER, lonely, SINK), List.of(BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(
            tuple("src", ProblemCodes.UNCONNECTED_NODE),
            tuple("big", ProblemCodes.UNCONNECTED_NODE),
            tuple("lonely", ProblemCodes.UNCONNECTED_NODE));
    assertThat(problems.get(1).message()).contains("Input 'in'");
    assertThat(problems.get(2).message()).contains("not connected to anything");
  }

  @Test
  void reportsAPipelineWithoutASink() {
    assertThat(validate(List.of(SRC, FILTER), List.of(SRC_TO_BIG)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple(null, null, ProblemCodes.NO_SINK));
  }

  @Test
  void reportsAPipelineWithoutASource() {
    assertThat(validate(List.of(FILTER, SINK), List.of(BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(
            tuple("big", ProblemCodes.UNCONNECTED_NODE), tuple(null, ProblemCodes.NO_SOURCE));
  }

  @Test
  void reportsLayoutPositionsOfNodesThatDoNotExist() {
    ReadResult read =
        PipelineJson.read(
            json(List.of(SRC, FILTER, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK))
                .replace(
                    "\"edges\"",
                    "\"layout\": {\"src\": {\"x\": 0, \"y\": 0}, \"old\": {\"x\": 5, \"y\": 5}},"
                        + " \"edges\""));

    assertThat(validator.validate(read.document()))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple(null, "layout.old", ProblemCodes.LAYOUT_UNKNOWN_NODE));
  }

  @Test
  void returnsProblemsInTheSameOrderEveryTime() {
    List<String> nodes = List.of(SRC, "{\"id\": \"x\", \"type\": \"nope\"}", FILTER);
    List<String> edges = List.of(edge("a", "b"), edge("big", "big"));

    assertThat(validate(nodes, edges)).isEqualTo(validate(nodes, edges));
  }

  @Test
  void reportsEachBadFieldDeclarationOfAFileSourceByEntry() {
    String src =
        """
        {"id": "src", "type": "file-directory",
         "config": {"path": "/data", "fields": ["id: long", "amount", "when: instant"],
                    "charset": "KLINGON-8", "csvQuote": "''"}}""";

    List<Problem> problems = validate(List.of(src, FILTER, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("src", "config.csvQuote", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.charset", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.fields", ProblemCodes.INVALID_CONFIG),
            tuple("src", "config.fields", ProblemCodes.INVALID_CONFIG));
    assertThat(problems.get(2).message()).startsWith("Entry 2:");
    assertThat(problems.get(3).message()).startsWith("Entry 3:").contains("instant");
  }

  @Test
  void asksADeriveNodeToDoSomethingAndReadsRenamesAsOldArrowNew() {
    String idle = "{\"id\": \"big\", \"type\": \"derive\", \"config\": {}}";
    String badRename =
        "{\"id\": \"big\", \"type\": \"derive\", \"config\": {\"rename\": [\"a to b\"]}}";

    assertThat(validate(List.of(SRC, idle, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("big", "config.fields", ProblemCodes.MISSING_CONFIG));
    assertThat(validate(List.of(SRC, badRename, SINK), List.of(SRC_TO_BIG, BIG_TO_SINK)))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("big", "config.rename", ProblemCodes.INVALID_CONFIG));
  }

  private List<Problem> validate(List<String> nodes, List<String> edges) {
    return validator.validate(document(nodes, edges));
  }

  private static PipelineDocument document(List<String> nodes, List<String> edges) {
    ReadResult read = PipelineJson.read(json(nodes, edges));
    assertThat(read.problems()).as("the test document must be readable").isEmpty();
    return read.document();
  }

  private static String json(List<String> nodes, List<String> edges) {
    return "{\"formatVersion\": 1, \"nodes\": ["
        + String.join(",", nodes)
        + "], \"edges\": ["
        + String.join(",", edges)
        + "]}";
  }

  private static String edge(String from, String to) {
    return "{\"from\": {\"node\": \"" + from + "\"}, \"to\": {\"node\": \"" + to + "\"}}";
  }
}
