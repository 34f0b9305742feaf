package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.document.PortRef;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.transform.AggregateCall;
import io.sluice.model.transform.RouteBranch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Translation of window-aggregate, deduplicate, union, route and sql, and of port edges. */
class TransformStepsTest {
  private static final String JSON =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "a", "type": "generator", "config": {"count": 1}},
         {"id": "b", "type": "generator", "config": {"count": 1}},
         {"id": "both", "type": "union"},
         {"id": "split", "type": "route",
          "config": {"routes": ["big: amount > 10", " small : amount < 1"], "onError": "skip"}},
         {"id": "w", "type": "window-aggregate",
          "config": {"window": "hopping", "size": "1m", "slide": "10s", "timeField": "ts",
                     "groupBy": [" name "], "aggregates": ["n = count(*)",
                     "buyers = count(distinct id)"]}},
         {"id": "once", "type": "deduplicate", "config": {"keyFields": ["id"], "within": "5m",
                                                          "keep": "last"}},
         {"id": "q", "type": "sql", "config": {"query": " SELECT * FROM split_small "}},
         {"id": "o1", "type": "file-directory-sink", "config": {"path": "/tmp/1"}},
         {"id": "o2", "type": "file-directory-sink", "config": {"path": "/tmp/2"}},
         {"id": "o3", "type": "file-directory-sink", "config": {"path": "/tmp/3"}}],
       "edges": [
         {"from": {"node": "b"}, "to": {"node": "both"}},
         {"from": {"node": "a"}, "to": {"node": "both"}},
         {"from": {"node": "both"}, "to": {"node": "split"}},
         {"from": {"node": "split", "port": "big"}, "to": {"node": "w"}},
         {"from": {"node": "split", "port": "default"}, "to": {"node": "once"}},
         {"from": {"node": "split", "port": "small"}, "to": {"node": "q"}},
         {"from": {"node": "w"}, "to": {"node": "o1"}},
         {"from": {"node": "once"}, "to": {"node": "o2"}},
         {"from": {"node": "q"}, "to": {"node": "o3"}}]}
      """;

  private final ExecutionPlan plan =
      new PlanTranslator(BuiltInNodeTypes.registry()).translate(PipelineJson.read(JSON).document());

  @Test
  void aUnionReadsItsInputsInEdgeOrderAndStepsComeAfterAllTheirInputs() {
    var union = (Step.Union) plan.step(new NodeId("both")).orElseThrow();
    assertThat(union.inputs()).containsExactly(new NodeId("b"), new NodeId("a"));
    List<String> order = plan.steps().stream().map(s -> s.id().value()).toList();
    assertThat(order.indexOf("both")).isGreaterThan(order.indexOf("a"));
    assertThat(order.indexOf("w")).isGreaterThan(order.indexOf("split"));
    assertThat(plan.consumersOf(new NodeId("a"))).extracting(Step::id).contains(new NodeId("both"));
  }

  @Test
  void stepsReadTheOutputPortTheirEdgeStartsAt() {
    assertThat(plan.inputsOf(new NodeId("w")))
        .containsExactly(new PortRef(new NodeId("split"), new PortName("big")));
    assertThat(plan.inputsOf(new NodeId("once")))
        .containsExactly(new PortRef(new NodeId("split"), new PortName("default")));
    var route = (Step.Route) plan.step(new NodeId("split")).orElseThrow();
    assertThat(route.branches())
        .containsExactly(
            new RouteBranch(new PortName("big"), "amount > 10"),
            new RouteBranch(new PortName("small"), "amount < 1"));
    assertThat(route.onError()).isEqualTo(Step.OnError.SKIP);
    assertThat(plan.describe().get("steps").get(4).toString())
        .contains("\"inputs\":[\"split.big\"]");
  }

  @Test
  void aWindowAggregateResolvesItsWindowTimeAndAggregatesWithDefaults() {
    var w = (Step.WindowAggregate) plan.step(new NodeId("w")).orElseThrow();
    assertThat(w.window())
        .isEqualTo(
            new Step.Window(
                Step.Window.Kind.HOPPING, Duration.ofMinutes(1), Duration.ofSeconds(10), null));
    assertThat(w.time()).isEqualTo(new Step.Time(Optional.of("ts"), Duration.ofSeconds(5)));
    assertThat(w.groupBy()).containsExactly("name");
    assertThat(w.aggregates())
        .containsExactly(
            new AggregateCall("n", AggregateCall.Function.COUNT, Optional.empty()),
            new AggregateCall("buyers", AggregateCall.Function.COUNT_DISTINCT, Optional.of("id")));
    assertThat(w.lateRecords()).isEqualTo(Step.WindowAggregate.Late.DEAD_LETTER);
    assertThat(w.uid("window")).isEqualTo("node/w/window");
  }

  @Test
  void aDeduplicateWithoutTimeFieldRunsInProcessingTimeAndSqlKeepsItsQuery() {
    var once = (Step.Deduplicate) plan.step(new NodeId("once")).orElseThrow();
    assertThat(once.keep()).isEqualTo(Step.Deduplicate.Keep.LAST);
    assertThat(once.within()).isEqualTo(Duration.ofMinutes(5));
    assertThat(once.time().eventTime()).isFalse();
    var q = (Step.Sql) plan.step(new NodeId("q")).orElseThrow();
    assertThat(q.query()).isEqualTo("SELECT * FROM split_small");
    assertThat(q.inputs()).containsExactly(new NodeId("split"));
  }
}
