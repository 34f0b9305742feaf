package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executor.compile.JobCompiler;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresSourcePlanTest {

  private static ExecutionPlan plan(String source) {
    String document =
        """
        {"formatVersion": 1,
         "nodes": [%s,
           {"id": "live", "type": "filter", "config": {"condition": "id > 0"}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/out"}}],
         "edges": [{"from": {"node": "in"}, "to": {"node": "live"}},
                   {"from": {"node": "live"}, "to": {"node": "out"}}]}
        """
            .formatted(source);
    return new PlanTranslator(BuiltInNodeTypes.registry())
        .translate(PipelineJson.read(document).document());
  }

  @Test
  void anIncrementalSourceGetsItsOffsetColumnsAndDefaults() {
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "postgres-incremental",
             "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "password": "pw",
                        "query": "SELECT id, updated_at FROM orders",
                        "fields": ["id: long", "updated_at: timestamp"],
                        "offsetColumns": [" updated_at ", "id"]}}""");
    var source = (Step.PostgresIncrementalSource) plan.steps().get(0);

    assertThat(source.settings().table()).isNull();
    assertThat(source.settings().offsetColumns()).containsExactly("updated_at", "id");
    assertThat(source.settings().pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(source.settings().batchSize()).isEqualTo(1000);
    assertThat(new JobCompiler().analyze(plan).fields().get(new NodeId("live")).names())
        .containsExactly("id", "updated_at");
  }

  @Test
  void aCdcSourceAddsTheOperationFieldThatLaterNodesSee() {
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "postgres-cdc",
             "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "password": "pw",
                        "table": "orders", "fields": ["id: long", "total: decimal"],
                        "opField": "change"}}""");
    var source = (Step.PostgresCdcSource) plan.steps().get(0);

    assertThat(source.publication()).isNull();
    assertThat(source.snapshot()).isTrue();
    assertThat(source.toString()).doesNotContain("pw");
    assertThat(plan.describe().toString()).doesNotContain("\"pw\"");
    var analysis = new JobCompiler().analyze(plan);
    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("live")).names())
        .containsExactly("id", "total", "change");
  }
}
