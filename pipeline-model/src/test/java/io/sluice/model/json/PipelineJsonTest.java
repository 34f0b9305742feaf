package io.sluice.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.document.DeliveryGuarantee;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every field present, in the canonical form the writer produces. */
  private static final String FULL =
      """
      {
        "formatVersion": 1,
        "nodes": [
          {"id": "src", "type": "file-directory", "typeVersion": 1, "name": "Orders files",
           "config": {"path": "/data/orders", "csvHeader": false, "nested": {"a": [1, 2.5, null]}}},
          {"id": "big", "type": "filter", "typeVersion": 2, "name": "Big orders",
           "config": {"condition": "amount > 100"}},
          {"id": "sink", "type": "postgres", "typeVersion": 1, "name": "sink", "config": {}}
        ],
        "edges": [
          {"from": {"node": "src", "port": "out"}, "to": {"node": "big", "port": "in"}},
          {"from": {"node": "big", "port": "out"}, "to": {"node": "sink", "port": "in"}}
        ],
        "settings": {
          "checkpointInterval": "1m",
          "parallelism": 4,
          "deliveryGuarantee": "at-least-once",
          "restartPolicy": {"type": "exponential-delay", "initialDelay": "500ms",
                            "maxDelay": "2h", "multiplier": 1.5, "maxAttempts": 20}
        },
        "layout": {"src": {"x": 10, "y": 20}, "sink": {"x": -4.5, "y": 300}}
      }
      """;

  @Test
  void writesBackExactlyTheDocumentItRead() throws Exception {
    JsonNode original = MAPPER.readTree(FULL);

    ReadResult result = PipelineJson.read(original);

    assertThat(result.problems()).isEmpty();
    assertThat(PipelineJson.write(result.document())).isEqualTo(original);
  }

  @Test
  void readsBackExactlyTheDocumentItWrote() {
    var config = new LinkedHashMap<String, JsonNode>();
    config.put("condition", TextNode.valueOf("country = 'NL'"));
    config.put("flag", BooleanNode.TRUE);
    config.put("list", JsonNodeFactory.instance.arrayNode().add("a").add(7));
    var document =
        new PipelineDocument(
            List.of(
                new Node(new NodeId("a"), "filter", 3, "A filter", config),
                Node.of(new NodeId("b"), "derive")),
            List.of(
                new Edge(
                    new PortRef(new NodeId("a"), new PortName("matched")),
                    new PortRef(new NodeId("b"), PortName.IN))),
            new Settings(
                Duration.ofMillis(1500),
                8,
                DeliveryGuarantee.EXACTLY_ONCE,
                new RestartPolicy.FixedDelay(3, Duration.ofSeconds(10))),
            new Layout(Map.of(new NodeId("a"), new Position(0.25, -7))));

    ReadResult reread = PipelineJson.read(PipelineJson.writeString(document));

    assertThat(reread.problems()).isEmpty();
    assertThat(reread.document()).isEqualTo(document);
  }

  @Test
  void roundTripsEveryRestartPolicy() {
    for (RestartPolicy policy :
        List.of(
            new RestartPolicy.None(),
            new RestartPolicy.FixedDelay(5, Duration.ZERO),
            RestartPolicy.ExponentialDelay.defaults())) {
      var document =
          new PipelineDocument(
              List.of(),
              List.of(),
              new Settings(Duration.ofSeconds(30), 1, DeliveryGuarantee.EXACTLY_ONCE, policy),
              Layout.empty());

      assertThat(PipelineJson.read(PipelineJson.write(document)).document()).isEqualTo(document);
    }
  }

  @Test
  void writesTheWireFormatWithShortDurations() throws Exception {
    String json = PipelineJson.writeString(PipelineDocument.empty());

    assertThat(MAPPER.readTree(json))
        .isEqualTo(
            MAPPER.readTree(
                """
                {"formatVersion":1,"nodes":[],"edges":[],
                 "settings":{"checkpointInterval":"30s","parallelism":1,
                   "deliveryGuarantee":"exactly-once",
                   "restartPolicy":{"type":"exponential-delay","initialDelay":"1s",
                     "maxDelay":"5m","multiplier":2.0,"maxAttempts":10}},
                 "layout":{}}
                """));
  }

  @Test
  void fillsInDefaultsForEverythingOptional() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [{"id": "src", "type": "file-directory"}, {"id": "sink", "type": "postgres"}],
             "edges": [{"from": {"node": "src"}, "to": {"node": "sink"}}]}
            """);

    assertThat(result.ok()).isTrue();
    PipelineDocument document = result.document();
    Node src = document.nodes().get(0);
    assertThat(src.name()).isEqualTo("src");
    assertThat(src.typeVersion()).isEqualTo(1);
    assertThat(src.config()).isEmpty();
    assertThat(document.edges().get(0).from().port()).isEqualTo(PortName.OUT);
    assertThat(document.edges().get(0).to().port()).isEqualTo(PortName.IN);
    assertThat(document.settings()).isEqualTo(Settings.defaults());
    assertThat(document.layout()).isEqualTo(Layout.empty());
  }

  @Test
  void fillsInDefaultsForEachMissingSettingAndRestartPolicyField() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [], "edges": [],
             "settings": {"parallelism": 3, "restartPolicy": {"type": "exponential-delay",
                                                              "maxAttempts": 99}}}
            """);

    Settings settings = result.document().settings();
    assertThat(settings.parallelism()).isEqualTo(3);
    assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(settings.restartPolicy())
        .isEqualTo(
            new RestartPolicy.ExponentialDelay(
                Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 99));
  }

  @Test
  void acceptsIso8601DurationsAndWritesThemShort() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [], "edges": [],
             "settings": {"checkpointInterval": "PT2M"}}
            """);

    assertThat(result.document().settings().checkpointInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(
            PipelineJson.write(result.document())
                .get("settings")
                .get("checkpointInterval")
                .asText())
        .isEqualTo("2m");
  }

  @Test
  void reportsTextThatIsNotJsonAsOneMalformedJsonProblem() {
    ReadResult result = PipelineJson.read("{\"formatVersion\": 1, \"nodes\": [");

    assertThat(result.ok()).isFalse();
    assertThat(result.document()).isNull();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.code()).isEqualTo(ProblemCodes.MALFORMED_JSON);
              assertThat(p.message()).contains("line 1");
            });
  }

  @Test
  void treatsRepeatedKeysTrailingGarbageAndEmptyTextAsMalformed() {
    assertThat(codes(PipelineJson.read("{\"formatVersion\": 1, \"formatVersion\": 1}")))
        .containsExactly(ProblemCodes.MALFORMED_JSON);
    assertThat(codes(PipelineJson.read("{\"formatVersion\": 1} {}")))
        .containsExactly(ProblemCodes.MALFORMED_JSON);
    assertThat(codes(PipelineJson.read("   "))).containsExactly(ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void rejectsADocumentThatIsNotAnObject() {
    assertThat(PipelineJson.read("[1, 2]").problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCodes.WRONG_TYPE);
  }

  @Test
  void rejectsAnotherFormatVersionWithoutReadingFurther() {
    ReadResult result =
        PipelineJson.read("{\"formatVersion\": 2, \"nodes\": 5, \"somethingNew\": true}");

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.code()).isEqualTo(ProblemCodes.UNSUPPORTED_FORMAT_VERSION);
              assertThat(p.field()).isEqualTo("formatVersion");
            });
  }

  @Test
  void requiresTheFormatVersion() {
    ReadResult result = PipelineJson.read("{}");

    assertThat(result.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(tuple("formatVersion", ProblemCodes.MISSING_FIELD));
  }

  @Test
  void readsAbsentNodesAndEdgesAsAnEmptyPipeline() {
    ReadResult result = PipelineJson.read("{\"formatVersion\": 1}");

    assertThat(result.ok()).isTrue();
    assertThat(result.document()).isEqualTo(PipelineDocument.empty());
  }

  @Test
  void rejectsAnUnknownFieldInsideANodeWithItsPath() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "edges": [], "nodes": [
              {"id": "a", "type": "filter"},
              {"id": "b", "type": "filter", "colour": "red"}]}
            """);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.code()).isEqualTo(ProblemCodes.UNKNOWN_FIELD);
              assertThat(p.field()).isEqualTo("nodes[1].colour");
              assertThat(p.nodeId()).isEqualTo("b");
              assertThat(p.message())
                  .contains("'colour'")
                  .contains("id, type, typeVersion, name, config");
            });
  }

  @Test
  void rejectsUnknownFieldsAtEveryLevel() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "owner": "me", "nodes": [],
             "edges": [{"from": {"node": "a", "slot": 1}, "to": {"node": "b"}, "weight": 2}],
             "settings": {"priority": 1,
                          "restartPolicy": {"type": "none", "attempts": 3}},
             "layout": {"a": {"x": 1, "y": 2, "z": 3}}}
            """);

    assertThat(result.problems())
        .extracting(Problem::field)
        .containsExactly(
            "owner",
            "edges[0].weight",
            "edges[0].from.slot",
            "settings.priority",
            "settings.restartPolicy.attempts",
            "layout.a.z");
    assertThat(result.problems())
        .extracting(Problem::code)
        .containsOnly(ProblemCodes.UNKNOWN_FIELD);
  }

  @Test
  void reportsWrongJsonTypesWithTheirPaths() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": "1", "nodes": [
               {"id": 7, "type": "filter"},
               {"id": "b", "type": ["filter"], "typeVersion": 1.5, "name": 3, "config": []},
               "not a node"],
             "edges": {},
             "settings": {"parallelism": "2", "checkpointInterval": 30},
             "layout": {"b": {"x": "10", "y": 1}}}
            """);

    assertThat(result.problems())
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple(null, "formatVersion", ProblemCodes.WRONG_TYPE),
            tuple(null, "nodes[0].id", ProblemCodes.WRONG_TYPE),
            tuple("b", "nodes[1].type", ProblemCodes.WRONG_TYPE),
            tuple("b", "nodes[1].typeVersion", ProblemCodes.WRONG_TYPE),
            tuple("b", "nodes[1].name", ProblemCodes.WRONG_TYPE),
            tuple("b", "nodes[1].config", ProblemCodes.WRONG_TYPE),
            tuple(null, "nodes[2]", ProblemCodes.WRONG_TYPE),
            tuple(null, "edges", ProblemCodes.WRONG_TYPE),
            tuple(null, "settings.checkpointInterval", ProblemCodes.WRONG_TYPE),
            tuple(null, "settings.parallelism", ProblemCodes.WRONG_TYPE),
            tuple(null, "layout.b.x", ProblemCodes.WRONG_TYPE));
  }

  @Test
  void reportsInvalidIdsInNodesEdgesAndLayout() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [{"id": "orders src", "type": "file-directory"}],
             "edges": [{"from": {"node": "a b"}, "to": {"node": "c", "port": "in put"}}],
             "layout": {"-x": {"x": 0, "y": 0}}}
            """);

    assertThat(result.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            tuple("nodes[0].id", ProblemCodes.INVALID_ID),
            tuple("edges[0].from.node", ProblemCodes.INVALID_ID),
            tuple("edges[0].to.port", ProblemCodes.INVALID_ID),
            tuple("layout.-x", ProblemCodes.INVALID_ID));
    assertThat(result.problems().get(0).message()).contains("'orders src'");
  }

  @Test
  void reportsBadDurationsUnknownEnumValuesAndOutOfRangeNumbers() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [], "edges": [],
             "settings": {"checkpointInterval": "30 seconds", "parallelism": 0,
                          "deliveryGuarantee": "exactly_once",
                          "restartPolicy": {"type": "forever"}}}
            """);

    assertThat(result.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            tuple("settings.checkpointInterval", ProblemCodes.INVALID_DURATION),
            tuple("settings.parallelism", ProblemCodes.INVALID_VALUE),
            tuple("settings.deliveryGuarantee", ProblemCodes.UNKNOWN_VALUE),
            tuple("settings.restartPolicy.type", ProblemCodes.UNKNOWN_VALUE));
    assertThat(result.problems().get(2).message()).contains("exactly-once, at-least-once");
    assertThat(result.problems().get(3).message()).contains("none, fixed-delay, exponential-delay");
  }

  @Test
  void reportsInconsistentRestartPolicies() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [], "edges": [],
             "settings": {"checkpointInterval": "0s",
                          "restartPolicy": {"type": "exponential-delay", "initialDelay": "10m",
                                            "maxDelay": "1m", "multiplier": 0.5}}}
            """);

    assertThat(result.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            tuple("settings.checkpointInterval", ProblemCodes.INVALID_VALUE),
            tuple("settings.restartPolicy.multiplier", ProblemCodes.INVALID_VALUE));
    // maxDelay < initialDelay is only judged once every part is readable
    ReadResult onlyDelays =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [], "edges": [],
             "settings": {"restartPolicy": {"type": "exponential-delay", "initialDelay": "10m",
                                            "maxDelay": "1m"}}}
            """);
    assertThat(onlyDelays.problems())
        .extracting(Problem::field)
        .containsExactly("settings.restartPolicy.maxDelay");
  }

  @Test
  void requiresTheFieldsOfAFixedDelayPolicy() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [], "edges": [],
             "settings": {"restartPolicy": {"type": "fixed-delay"}}}
            """);

    assertThat(result.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            tuple("settings.restartPolicy.attempts", ProblemCodes.MISSING_FIELD),
            tuple("settings.restartPolicy.delay", ProblemCodes.MISSING_FIELD));
  }

  @Test
  void requiresTheIdAndTypeOfEveryNodeAndBothEndsOfEveryEdge() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [{"name": "nameless"}, {"id": "x", "type": " "}],
             "edges": [{"from": {"port": "out"}}]}
            """);

    assertThat(result.problems())
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple(null, "nodes[0].id", ProblemCodes.MISSING_FIELD),
            tuple(null, "nodes[0].type", ProblemCodes.MISSING_FIELD),
            tuple("x", "nodes[1].type", ProblemCodes.INVALID_VALUE),
            tuple(null, "edges[0].from.node", ProblemCodes.MISSING_FIELD),
            tuple(null, "edges[0].to", ProblemCodes.MISSING_FIELD));
  }

  @Test
  void keepsTheIntegerTypeOfConfigNumbers() {
    ReadResult result =
        PipelineJson.read(
            """
            {"formatVersion": 1, "edges": [],
             "nodes": [{"id": "a", "type": "t", "config": {"n": 5}}]}
            """);

    assertThat(result.document().nodes().get(0).config().get("n")).isEqualTo(IntNode.valueOf(5));
  }

  private static List<String> codes(ReadResult result) {
    return result.problems().stream().map(Problem::code).toList();
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  @Test
  void readsAndWritesADeadLetterTargetAndRejectsARelativeDirectory() {
    String json =
        """
        {"formatVersion": 1,
         "settings": {"deadLetter": {"type": "directory", "path": "/var/sluice/bad"}}}
        """;
    ReadResult result = PipelineJson.read(json);
    assertThat(result.problems()).isEmpty();
    assertThat(result.document().settings().deadLetter())
        .isEqualTo(new io.sluice.model.document.DeadLetterTarget.Directory("/var/sluice/bad"));
    assertThat(PipelineJson.read(PipelineJson.writeString(result.document())).document())
        .isEqualTo(result.document());

    ReadResult bad =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "settings": {"deadLetter": {"type": "directory", "path": "bad", "colour": 1}}}
            """);
    assertThat(bad.problems())
        .extracting(Problem::field)
        .containsExactly("settings.deadLetter.colour", "settings.deadLetter.path");
    assertThat(
            PipelineJson.read(
                    "{\"formatVersion\": 1, \"settings\": {\"deadLetter\": {\"type\": \"s3\"}}}")
                .problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCodes.UNKNOWN_VALUE);
  }

  @Test
  void aDeadLetterPasswordShownAsSetReadsAsSealedAndWritesBackTheSame() {
    String json =
        """
        {"formatVersion": 1,
         "settings": {"deadLetter": {"type": "postgres", "jdbcUrl": "jdbc:postgresql://db/x",
                                     "password": {"set": true}, "table": "bad"}}}
        """;
    ReadResult result = PipelineJson.read(json);
    assertThat(result.problems()).isEmpty();
    var target =
        (io.sluice.model.document.DeadLetterTarget.Postgres)
            result.document().settings().deadLetter();
    assertThat(target.passwordSealed()).isTrue();
    assertThat(target.password()).isNull();
    assertThat(
            PipelineJson.write(result.document())
                .at("/settings/deadLetter/password/set")
                .asBoolean())
        .isTrue();
    assertThat(PipelineJson.read(PipelineJson.writeString(result.document())).document())
        .isEqualTo(result.document());

    ReadResult none = PipelineJson.read(json.replace("{\"set\": true}", "{\"set\": false}"));
    assertThat(none.problems()).isEmpty();
    assertThat(
            ((io.sluice.model.document.DeadLetterTarget.Postgres)
                    none.document().settings().deadLetter())
                .passwordSealed())
        .isFalse();

    ReadResult mistyped = PipelineJson.read(json.replace("{\"set\": true}", "[\"s3cr3t-x\"]"));
    assertThat(mistyped.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(tuple("settings.deadLetter.password", ProblemCodes.WRONG_TYPE));
    assertThat(mistyped.problems().get(0).message()).doesNotContain("s3cr3t-x");
  }
}
