package io.sluice.model.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.validation.PipelineValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionBindingTest {
  private static final ConnectionValues WAREHOUSE =
      new ConnectionValues(
          "warehouse",
          "postgres",
          Map.of(
              "jdbcUrl", TextNode.valueOf("jdbc:postgresql://db/shop"),
              "user", TextNode.valueOf("loader"),
              "password", TextNode.valueOf("pa55"),
              "options", array("sslmode=require", "ApplicationName=sluice etl")));
  private static final ConnectionValues BROKERS =
      new ConnectionValues(
          "brokers",
          "kafka",
          Map.of(
              "bootstrapServers", TextNode.valueOf("k1:9092"),
              "properties", array("security.protocol=SASL_SSL"),
              "secretProperties",
                  TextNode.valueOf("sasl.jaas.config=org.Example required password=\"x\";\n")));

  private final ConnectionBinding binding =
      new ConnectionBinding(
          BuiltInNodeTypes.registry(),
          name ->
              Optional.ofNullable(Map.of("warehouse", WAREHOUSE, "brokers", BROKERS).get(name)));

  private static JsonNode array(String... values) {
    var array = JsonNodeFactory.instance.arrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  private static PipelineDocument doc(Node... nodes) {
    return new PipelineDocument(
        List.of(nodes),
        List.of(),
        PipelineDocument.empty().settings(),
        PipelineDocument.empty().layout());
  }

  private static Node node(String type, Map<String, JsonNode> config) {
    return new Node(new NodeId("n"), type, 1, "n", new LinkedHashMap<>(config));
  }

  @Test
  void aNodeNamingAConnectionGetsItsValuesAndValidates() {
    Node sink =
        node(
            BuiltInNodeTypes.POSTGRES,
            Map.of("connection", TextNode.valueOf("warehouse"), "table", TextNode.valueOf("t")));

    PipelineResolver.Resolved resolved = binding.resolve(doc(sink));

    assertThat(resolved.problems()).isEmpty();
    Map<String, JsonNode> config = resolved.document().nodes().get(0).config();
    assertThat(config.get("jdbcUrl").asText())
        .isEqualTo("jdbc:postgresql://db/shop?sslmode=require&ApplicationName=sluice+etl");
    assertThat(config.get("user").asText()).isEqualTo("loader");
    assertThat(config.get("password").asText()).isEqualTo("pa55");
    assertThat(
            new PipelineValidator(BuiltInNodeTypes.registry())
                .validateNode(resolved.document().nodes().get(0)))
        .isEmpty();
    assertThat(sink.config()).doesNotContainKey("password");
  }

  @Test
  void bothPostgresSourcesTakeAConnectionAndRefuseTheirOwnUrlNextToIt() {
    Map<String, JsonNode> cdc =
        Map.of(
            "connection", TextNode.valueOf("warehouse"),
            "table", TextNode.valueOf("orders"),
            "fields", array("id: long"));
    Map<String, JsonNode> incremental = new LinkedHashMap<>(cdc);
    incremental.put("offsetColumns", array("id"));

    for (Node source :
        List.of(
            node(BuiltInNodeTypes.POSTGRES_CDC, cdc),
            node(BuiltInNodeTypes.POSTGRES_INCREMENTAL, incremental))) {
      PipelineResolver.Resolved resolved = binding.resolve(doc(source));

      assertThat(resolved.problems()).as(source.type()).isEmpty();
      Node bound = resolved.document().nodes().get(0);
      assertThat(bound.config().get("jdbcUrl").asText()).startsWith("jdbc:postgresql://db/shop?");
      assertThat(bound.config().get("user").asText()).isEqualTo("loader");
      assertThat(bound.config().get("password").asText()).isEqualTo("pa55");
      assertThat(new PipelineValidator(BuiltInNodeTypes.registry()).validateNode(bound))
          .as(source.type())
          .isEmpty();

      Map<String, JsonNode> both = new LinkedHashMap<>(source.config());
      both.put("jdbcUrl", TextNode.valueOf("jdbc:postgresql://elsewhere/shop"));
      assertThat(binding.resolve(doc(node(source.type(), both))).problems())
          .extracting(Problem::field, Problem::code)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("jdbcUrl", ProblemCodes.CONNECTION_CONFLICT));
    }
  }

  @Test
  void kafkaPropertiesComeFirstAndTheNodesOwnFollow() {
    Node source =
        node(
            BuiltInNodeTypes.KAFKA,
            Map.of(
                "connection", TextNode.valueOf("brokers"),
                "topics", array("orders"),
                "consumerProperties", array("max.poll.records=10")));

    PipelineResolver.Resolved resolved = binding.resolve(doc(source));

    assertThat(resolved.problems()).isEmpty();
    Map<String, JsonNode> config = resolved.document().nodes().get(0).config();
    assertThat(config.get("bootstrapServers").asText()).isEqualTo("k1:9092");
    assertThat(config.get("consumerProperties"))
        .containsExactly(
            TextNode.valueOf("security.protocol=SASL_SSL"),
            TextNode.valueOf("sasl.jaas.config=org.Example required password=\"x\";"),
            TextNode.valueOf("max.poll.records=10"));
  }

  @Test
  void aMissingConnectionIsAProblemOnTheNodesConnectionField() {
    PipelineResolver.Resolved resolved =
        binding.resolve(
            doc(node(BuiltInNodeTypes.POSTGRES, Map.of("connection", TextNode.valueOf("nope")))));

    assertThat(resolved.problems())
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "n", "connection", ProblemCodes.UNKNOWN_CONNECTION));
  }

  @Test
  void aConnectionOfTheWrongKindIsAProblem() {
    PipelineResolver.Resolved resolved =
        binding.resolve(
            doc(
                node(
                    BuiltInNodeTypes.KAFKA_SINK,
                    Map.of("connection", TextNode.valueOf("warehouse")))));

    assertThat(resolved.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("connection", ProblemCodes.WRONG_CONNECTION_KIND));
  }

  @Test
  void settingAFieldTheConnectionFillsIsRefusedNotSilentlyOverridden() {
    PipelineResolver.Resolved resolved =
        binding.resolve(
            doc(
                node(
                    BuiltInNodeTypes.POSTGRES,
                    Map.of(
                        "connection", TextNode.valueOf("warehouse"),
                        "jdbcUrl", TextNode.valueOf("jdbc:postgresql://other/db"),
                        "table", TextNode.valueOf("t")))));
    assertThat(resolved.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("jdbcUrl", ProblemCodes.CONNECTION_CONFLICT));
    assertThat(resolved.problems().get(0).message()).doesNotContain("pa55");
  }

  @Test
  void aKafkaPropertySetTwiceIsAConflictOnThePropertiesField() {
    PipelineResolver.Resolved resolved =
        binding.resolve(
            doc(
                node(
                    BuiltInNodeTypes.KAFKA_SINK,
                    Map.of(
                        "connection", TextNode.valueOf("brokers"),
                        "topic", TextNode.valueOf("out"),
                        "producerProperties", array("security.protocol=PLAINTEXT")))));

    assertThat(resolved.problems())
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "producerProperties", ProblemCodes.CONNECTION_CONFLICT));
  }

  @Test
  void inlineConfigWithoutAConnectionIsLeftAsItIs() {
    PipelineDocument document =
        doc(
            node(
                BuiltInNodeTypes.POSTGRES,
                Map.of(
                    "jdbcUrl", TextNode.valueOf("jdbc:postgresql://db/x"),
                    "table", TextNode.valueOf("t"))));
    PipelineResolver.Resolved resolved = binding.resolve(document);
    assertThat(resolved.problems()).isEmpty();
    assertThat(resolved.document()).isSameAs(document);
    assertThat(ConnectionBinding.namedConnections(document, BuiltInNodeTypes.registry())).isEmpty();
  }

  @Test
  void printingConnectionValuesShowsNoValue() {
    assertThat(WAREHOUSE.toString()).doesNotContain("pa55").contains("warehouse");
  }
}
