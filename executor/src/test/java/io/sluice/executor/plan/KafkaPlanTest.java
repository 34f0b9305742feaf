package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.connectors.kafka.source.KafkaSourceSettings;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaPlanTest {
  private static final String DOCUMENT =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "in", "type": "kafka",
          "config": {"bootstrapServers": "k1:9092, k2:9092", "topics": [" orders "],
                     "startFrom": "timestamp", "startTimestamp": "2026-11-24T05:00:00Z",
                     "format": "text", "offsetField": "off", "headersField": "h",
                     "consumerProperties": ["group.id=mine", "sasl.jaas.config=secret"]}},
         {"id": "out", "type": "kafka-sink",
          "config": {"bootstrapServers": "k1:9092", "topic": "lines", "format": "csv",
                     "keyField": "value", "delivery": "at-least-once",
                     "producerProperties": ["linger.ms=20"]}}],
       "edges": [{"from": {"node": "in"}, "to": {"node": "out"}}]}
      """;

  private final ExecutionPlan plan =
      new PlanTranslator(BuiltInNodeTypes.registry())
          .translate(PipelineJson.read(DOCUMENT).document());

  @Test
  void translatesTheSourceWithItsStartMetadataAndOwnGroupId() {
    Step.KafkaSource source = (Step.KafkaSource) plan.steps().get(0);
    KafkaSourceSettings settings = source.settings();

    assertThat(settings.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(settings.topics()).containsExactly("orders");
    assertThat(settings.startFrom()).isEqualTo(KafkaSourceSettings.StartFrom.TIMESTAMP);
    assertThat(settings.startTimestamp()).isEqualTo(1795496400000L);
    assertThat(settings.format()).isEqualTo(KafkaFormat.TEXT);
    assertThat(settings.groupId()).isEqualTo("mine");
    assertThat(settings.properties()).containsOnlyKeys("sasl.jaas.config");
    assertThat(settings.outputSchema().fields())
        .containsExactly(
            new Field("value", FieldType.STRING),
            new Field("off", FieldType.LONG),
            new Field("h", FieldType.STRING));
    assertThat(settings.discoveryInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void refusesATransactionTimeoutThatTheCheckpointIntervalOutlasts() {
    String document =
        DOCUMENT
            .replace("\"delivery\": \"at-least-once\",", "\"transactionTimeout\": \"1m\",")
            .replace(
                "\"edges\": [{\"from\": {\"node\": \"in\"}, \"to\": {\"node\": \"out\"}}]",
                "\"edges\": [{\"from\": {\"node\": \"in\"}, \"to\": {\"node\": \"out\"}}],"
                    + " \"settings\": {\"checkpointInterval\": \"2m\"}");
    ExecutionPlan slow =
        new PlanTranslator(BuiltInNodeTypes.registry())
            .translate(PipelineJson.read(document).document());
    JobCompiler compiler = new JobCompiler();

    var problems = compiler.checkSinks(slow, compiler.analyze(slow).fields(), "p-test");

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("config.transactionTimeout");
              assertThat(p.message())
                  .startsWith(
                      "Transaction timeout 1m must be longer than the checkpoint interval 2m");
            });
    assertThat(compiler.checkSinks(plan, compiler.analyze(plan).fields(), "p-test")).isEmpty();
  }

  @Test
  void translatesTheSinkAndDescribesBothWithoutPropertyValues() {
    Step.KafkaSink sink = (Step.KafkaSink) plan.steps().get(1);

    assertThat(sink.topic()).isEqualTo("lines");
    assertThat(sink.format()).isEqualTo(KafkaFormat.CSV);
    assertThat(sink.keyField()).isEqualTo(Optional.of("value"));
    assertThat(sink.exactlyOnce()).isFalse();
    assertThat(sink.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(sink.properties()).isEqualTo(Map.of("linger.ms", "20"));

    String described = plan.describe().toString();
    assertThat(described)
        .contains("\"consumerProperties\":[\"sasl.jaas.config\"]", "\"topic\":\"lines\"")
        .doesNotContain("secret");
    assertThat(plan.steps().get(0).toString()).doesNotContain("secret");
    assertThat(List.of(plan.steps().get(1).toString())).noneMatch(s -> s.contains("linger"));
  }
}
