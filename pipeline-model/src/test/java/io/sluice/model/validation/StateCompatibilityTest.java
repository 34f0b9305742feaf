package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import org.junit.jupiter.api.Test;

class StateCompatibilityTest {
  private final StateCompatibility check = new StateCompatibility(BuiltInNodeTypes.registry());

  private static PipelineDocument doc(String window, String filter) {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "gen", "type": "generator", "config": {"count": 10}},
               {"id": "keep", "type": "filter", "config": {"condition": "%s"}},
               {"id": "w", "type": "window-aggregate", "config": {%s}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/x"}}],
             "edges": [{"from": {"node": "gen"}, "to": {"node": "keep"}},
                       {"from": {"node": "keep"}, "to": {"node": "w"}},
                       {"from": {"node": "w"}, "to": {"node": "out"}}]}
            """
                .formatted(filter, window));
    assertThat(read.problems()).isEmpty();
    return read.document();
  }

  private static final String WINDOW =
      "\"size\": \"1m\", \"timeField\": \"ts\", \"groupBy\": [\"name\"], \"aggregates\": [\"n ="
          + " count(*)\"]";

  @Test
  void aChangeToStatelessNodesOrToTheWatermarkDelayKeepsTheState() {
    assertThat(
            check.check(
                doc(WINDOW, "amount > 1"),
                doc(
                    WINDOW.replace("\"1m\"", "\"60s\"") + ", \"watermarkDelay\": \"30s\"",
                    "amount > 100")))
        .isEmpty();
  }

  @Test
  void aChangedWindowOrGroupByIsReportedOnItsField() {
    var problems =
        check.check(
            doc(WINDOW, "true"),
            doc(WINDOW.replace("\"1m\"", "\"5m\"").replace("[\"name\"]", "[\"id\"]"), "true"));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("w", "config.size", ProblemCodes.STATE_INCOMPATIBLE),
            tuple("w", "config.groupBy", ProblemCodes.STATE_INCOMPATIBLE));
    assertThat(problems.get(0).message())
        .startsWith("Size of node 'w' changed from \"1m\" to \"5m\".")
        .contains("Start with resetState");
  }

  @Test
  void aRemovedStatefulNodeIsReportedButARemovedFilterIsNot() {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "gen", "type": "generator", "config": {"count": 10}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/x"}}],
             "edges": [{"from": {"node": "gen"}, "to": {"node": "out"}}]}
            """);

    assertThat(check.check(doc(WINDOW, "true"), read.document()))
        .extracting(Problem::nodeId, Problem::field)
        .containsExactly(tuple("w", null));
  }

  private static java.util.Map<
          io.sluice.model.id.NodeId, java.util.List<io.sluice.model.schema.RecordSchema>>
      inputs(String... fields) {
    var schema = io.sluice.model.schema.RecordSchema.parse(java.util.List.of(fields)).schema();
    return java.util.Map.of(new io.sluice.model.id.NodeId("w"), java.util.List.of(schema));
  }

  @Test
  void aChangedTypeOfAGroupByOrAggregatedFieldIsReportedOnTheInputsButAnUnusedFieldIsNot() {
    var before = inputs("name: string", "amount: long", "ts: timestamp", "note: string");

    assertThat(
            check.check(
                doc(WINDOW, "true"),
                doc(WINDOW, "true"),
                before,
                inputs("name: string", "amount: double", "ts: timestamp")))
        .isEmpty(); // count(*) by name reads neither amount nor note
    var problems =
        check.check(
            doc(WINDOW, "true"),
            doc(WINDOW, "true"),
            before,
            inputs("name: long", "amount: long", "ts: timestamp", "note: string"));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("w", "inputs", ProblemCodes.STATE_INCOMPATIBLE));
    assertThat(problems.get(0).message()).contains("'name' was a string and is now a long");
  }
}
