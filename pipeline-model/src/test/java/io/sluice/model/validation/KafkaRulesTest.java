package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.document.Node;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.json.ReadResult;
import io.sluice.model.kafka.KafkaConfigText;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaRulesTest {
  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  @Test
  void acceptsAJsonSourceWithTopicsAndMetadataFields() {
    assertThat(
            problems(
                """
                {"id": "in", "type": "kafka",
                 "config": {"bootstrapServers": "k1:9092, k2:9092", "topics": ["orders"],
                            "fields": ["id: long"], "keyField": "k", "offsetField": "off",
                            "consumerProperties": ["security.protocol=PLAINTEXT"]}}"""))
        .isEmpty();
  }

  @Test
  void asksForTopicsOrAPatternAndForFieldsAndServers() {
    assertThat(problems("{\"id\": \"in\", \"type\": \"kafka\", \"config\": {}}"))
        .extracting(Problem::field, Problem::code)
        .containsExactlyInAnyOrder(
            tuple("config.bootstrapServers", ProblemCodes.MISSING_CONFIG),
            tuple("config.topics", ProblemCodes.MISSING_CONFIG),
            tuple("config.fields", ProblemCodes.MISSING_CONFIG));
  }

  @Test
  void reportsABadPatternBadServersAndAMissingOrBadTimestamp() {
    List<Problem> problems =
        problems(
            """
            {"id": "in", "type": "kafka",
             "config": {"bootstrapServers": "localhost", "topicPattern": "orders-(",
                        "startFrom": "timestamp", "format": "text"}}""");
    assertThat(problems)
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "config.bootstrapServers", "config.topicPattern", "config.startTimestamp");
    assertThat(problems.get(1).message()).contains("not a valid regular expression");

    assertThat(
            problems(
                """
                {"id": "in", "type": "kafka",
                 "config": {"bootstrapServers": "k:9092", "topics": ["t"], "format": "text",
                            "startTimestamp": "yesterday"}}"""))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("config.startTimestamp");
              assertThat(p.message()).contains("\"yesterday\" is not an ISO-8601 instant");
            });
  }

  @Test
  void refusesTopicsAndPatternTogetherAndAMetadataNameThatIsTaken() {
    assertThat(
            problems(
                """
                {"id": "in", "type": "kafka",
                 "config": {"bootstrapServers": "k:9092", "topics": ["a"], "topicPattern": "a.*",
                            "fields": ["id: long"], "keyField": "ID",
                            "consumerProperties": ["enable.auto.commit=true", "nonsense"]}}"""))
        .extracting(Problem::field)
        .containsExactly(
            "config.topicPattern",
            "config.keyField",
            "config.consumerProperties",
            "config.consumerProperties");
  }

  @Test
  void checksTheSinkTopicServersAndReservedProducerSettings() {
    assertThat(
            problems(
                """
                {"id": "out", "type": "kafka-sink",
                 "config": {"bootstrapServers": "k:9092", "topic": "bad topic",
                            "producerProperties": ["transactional.id=x"]}}"""))
        .extracting(Problem::field)
        .containsExactly("config.topic", "config.producerProperties");
    assertThat(
            problems(
                """
                {"id": "out", "type": "kafka-sink",
                 "config": {"bootstrapServers": "k:9092", "topic": "orders", "keyField": "id",
                            "headerFields": ["trace"]}}"""))
        .isEmpty();
  }

  @Test
  void readsTimestampsAsInstantsLocalUtcTimesOrMilliseconds() {
    assertThat(KafkaConfigText.startTimestamp("2026-11-24T05:00:00Z")).contains(1795496400000L);
    assertThat(KafkaConfigText.startTimestamp("2026-11-24T05:00:00")).contains(1795496400000L);
    assertThat(KafkaConfigText.startTimestamp("2026-11-24T06:00:00+01:00"))
        .contains(1795496400000L);
    assertThat(KafkaConfigText.startTimestamp("1795496400000")).contains(1795496400000L);
    assertThat(KafkaConfigText.startTimestamp("soon")).isEmpty();
    assertThat(KafkaConfigText.properties(List.of("linger.ms = 5", "acks=all"), Set.of()).values())
        .containsEntry("linger.ms", "5")
        .containsEntry("acks", "all");
  }

  private List<Problem> problems(String nodeJson) {
    String document = "{\"formatVersion\": 1, \"nodes\": [" + nodeJson + "], \"edges\": []}";
    ReadResult read = PipelineJson.read(document);
    assertThat(read.problems()).isEmpty();
    Node node = read.document().nodes().get(0);
    return validator.validateNode(node);
  }
}
