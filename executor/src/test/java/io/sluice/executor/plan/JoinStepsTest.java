package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.schema.FieldType;
import io.sluice.model.transform.KeyPair;
import io.sluice.model.transform.PatternStep;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Translation of lookup-join, interval-join and pattern. */
class JoinStepsTest {
  private static final String JSON =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "a", "type": "generator", "config": {"count": 1}},
         {"id": "b", "type": "generator", "config": {"count": 1}},
         {"id": "j", "type": "interval-join",
          "config": {"keys": ["id", "name = label"], "leftTimeField": " ts ",
                     "rightTimeField": "at", "before": "5m", "after": "1m",
                     "rightWatermarkDelay": "30s", "rightPrefix": "r_"}},
         {"id": "p", "type": "pattern",
          "config": {"keyFields": ["id"], "timeField": "ts", "within": "5m",
                     "steps": ["failed{3}: amount < 0", "ok: amount > 0"]}},
         {"id": "l", "type": "lookup-join",
          "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "user": "u", "password": "secret",
                     "table": "customers", "keys": ["id"], "columns": ["tier: long"],
                     "missing": "inner"}},
         {"id": "o", "type": "file-directory-sink", "config": {"path": "/tmp/1"}}],
       "edges": [
         {"from": {"node": "b"}, "to": {"node": "j", "port": "right"}},
         {"from": {"node": "a"}, "to": {"node": "j", "port": "left"}},
         {"from": {"node": "j"}, "to": {"node": "p"}},
         {"from": {"node": "p"}, "to": {"node": "l"}},
         {"from": {"node": "l"}, "to": {"node": "o"}}]}
      """;

  private final ExecutionPlan plan =
      new PlanTranslator(BuiltInNodeTypes.registry()).translate(PipelineJson.read(JSON).document());

  @Test
  void anIntervalJoinKnowsItsLeftAndRightInputByPortNotByEdgeOrder() {
    var join = (Step.IntervalJoin) plan.step(new NodeId("j")).orElseThrow();

    assertThat(join.left()).isEqualTo(new NodeId("a"));
    assertThat(join.right()).isEqualTo(new NodeId("b"));
    assertThat(join.keys()).containsExactly(new KeyPair("id", "id"), new KeyPair("name", "label"));
    assertThat(join.leftTime()).isEqualTo(new Step.Time(Optional.of("ts"), Duration.ofSeconds(5)));
    assertThat(join.rightTime())
        .isEqualTo(new Step.Time(Optional.of("at"), Duration.ofSeconds(30)));
    assertThat(join.before()).isEqualTo(Duration.ofMinutes(5));
    assertThat(join.uid("join")).isEqualTo("node/j/join");
  }

  @Test
  void aPatternAndALookupJoinCarryTheirSettingsAndTheDescriptionHidesThePassword() {
    var pattern = (Step.Pattern) plan.step(new NodeId("p")).orElseThrow();
    var lookup = (Step.LookupJoin) plan.step(new NodeId("l")).orElseThrow();

    assertThat(pattern.steps())
        .containsExactly(
            new PatternStep("failed", 3, false, "amount < 0"),
            new PatternStep("ok", 1, false, "amount > 0"));
    assertThat(pattern.within()).isEqualTo(Duration.ofMinutes(5));
    assertThat(lookup.inner()).isTrue();
    assertThat(lookup.cacheMaxSize()).isEqualTo(10000);
    assertThat(lookup.cacheTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(lookup.columns().fields().get(0).type()).isEqualTo(FieldType.LONG);
    assertThat(lookup.toString()).doesNotContain("secret");
    assertThat(plan.describe().toString())
        .doesNotContain("secret")
        .contains("\"password\":\"****\"");
    assertThat(plan.consumersOf(new NodeId("b")))
        .extracting(Step::id)
        .containsExactly(new NodeId("j"));
    assertThat(List.of(plan.steps().get(2).id())).containsExactly(new NodeId("j"));
  }
}
