package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTranslatorTest {
  private final PlanTranslator translator = new PlanTranslator(BuiltInNodeTypes.registry());

  private static PipelineDocument read(String json) {
    var result = PipelineJson.read(json);
    assertThat(result.problems()).isEmpty();
    return result.document();
  }

  private static final String ORDERS =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "db", "type": "postgres",
          "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "table": "orders",
                     "password": "s3cret", "mode": "upsert", "keyFields": ["order_id"]}},
         {"id": "total", "type": "derive",
          "config": {"fields": ["total = price * qty", " country=UPPER(country) "]}},
         {"id": "files", "type": "file-directory",
          "config": {"path": "/srv/orders", "fields": ["order_id: long", "price: decimal",
                     "qty: long", "country: string"], "csvDelimiter": ";"}},
         {"id": "big", "type": "filter",
          "config": {"condition": " total > 100 ", "onError": "skip"}}],
       "edges": [
         {"from": {"node": "files"}, "to": {"node": "total"}},
         {"from": {"node": "total"}, "to": {"node": "big"}},
         {"from": {"node": "big"}, "to": {"node": "db"}}],
       "settings": {"checkpointInterval": "5s", "parallelism": 2}}
      """;

  @Test
  void ordersStepsSoThatEveryStepComesAfterItsInput() {
    ExecutionPlan plan = translator.translate(read(ORDERS));

    assertThat(plan.steps())
        .extracting(s -> s.id().value())
        .containsExactly("files", "total", "big", "db");
    assertThat(plan.settings().parallelism()).isEqualTo(2);
    assertThat(plan.settings().checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void resolvesConfigWithDefaultsIntoTypedSteps() {
    ExecutionPlan plan = translator.translate(read(ORDERS));

    var files = (Step.FileDirectorySource) plan.step(new NodeId("files")).orElseThrow();
    assertThat(files.csvDelimiter()).isEqualTo(';');
    assertThat(files.csvHeader()).isTrue();
    assertThat(files.pattern()).isEqualTo("*");
    assertThat(files.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(files.discoveryInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(files.schema().fields())
        .startsWith(new Field("order_id", FieldType.LONG), new Field("price", FieldType.DECIMAL));

    var derive = (Step.Derive) plan.step(new NodeId("total")).orElseThrow();
    assertThat(derive.fields())
        .containsExactly(
            new Step.Derivation("total", "price * qty"),
            new Step.Derivation("country", "UPPER(country)"));
    assertThat(derive.input()).contains(new NodeId("files"));
    assertThat(derive.onError()).isEqualTo(Step.OnError.DEAD_LETTER);

    var filter = (Step.Filter) plan.step(new NodeId("big")).orElseThrow();
    assertThat(filter.condition()).isEqualTo("total > 100");
    assertThat(filter.onError()).isEqualTo(Step.OnError.SKIP);

    var sink = (Step.PostgresSink) plan.step(new NodeId("db")).orElseThrow();
    assertThat(sink.mode()).isEqualTo(Step.PostgresSink.Mode.UPSERT);
    assertThat(sink.keyFields()).containsExactly("order_id");
    assertThat(sink.createTable()).isFalse();
  }

  @Test
  void derivesStableUidsFromNodeIds() {
    ExecutionPlan plan = translator.translate(read(ORDERS));
    assertThat(plan.steps().get(0).uid("source")).isEqualTo("node/files/source");
    assertThat(plan.consumersOf(new NodeId("total")))
        .extracting(Step::id)
        .containsExactly(new NodeId("big"));
  }

  @Test
  void describesThePlanWithoutSecrets() {
    String description = translator.translate(read(ORDERS)).describe().toString();

    assertThat(description)
        .contains("node/db/main", "total > 100", "orders")
        .doesNotContain("s3cret");
    assertThat(description).contains("\"password\":\"****\"");
  }

  @Test
  void translatesAGeneratorWithAndWithoutACount() {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"seed": 7, "count": 500}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": "jdbc:postgresql://db/x", "table": "t"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "db"}}]}
        """;
    var gen = (Step.GeneratorSource) translator.translate(read(json)).steps().get(0);
    assertThat(gen.seed()).isEqualTo(7);
    assertThat(gen.count()).isEqualTo(Optional.of(500L));
    assertThat(gen.recordsPerSecond()).isEqualTo(1000);

    var unbounded =
        (Step.GeneratorSource)
            translator.translate(read(json.replace(", \"count\": 500", ""))).steps().get(0);
    assertThat(unbounded.count()).isEmpty();
  }

  @Test
  void refusesAnInvalidPipelineWithEveryProblem() {
    String json =
        """
        {"formatVersion": 1, "nodes": [{"id": "gen", "type": "generator"}]}
        """;
    assertThatThrownBy(() -> translator.translate(read(json)))
        .isInstanceOfSatisfying(
            PlanTranslator.InvalidPipelineException.class,
            e -> assertThat(e.problems()).extracting(p -> p.code()).contains("no-sink"));
  }

  @Test
  void keepsFanOutAsTwoConsumersOfOneStep() {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator"},
           {"id": "a", "type": "postgres", "config": {"jdbcUrl": "jdbc:postgresql://db/x", "table": "a"}},
           {"id": "b", "type": "postgres", "config": {"jdbcUrl": "jdbc:postgresql://db/x", "table": "b"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "a"}},
                   {"from": {"node": "gen"}, "to": {"node": "b"}}]}
        """;
    ExecutionPlan plan = translator.translate(read(json));
    assertThat(plan.consumersOf(new NodeId("gen")))
        .extracting(s -> s.id().value())
        .containsExactly("a", "b");
    assertThat(List.copyOf(plan.steps())).hasSize(3);
  }
}
