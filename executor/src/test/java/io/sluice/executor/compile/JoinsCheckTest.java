package io.sluice.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.executor.compile.transform.Patterns;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.plan.Step;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import org.junit.jupiter.api.Test;

/**
 * Fields and problems of the interval-join, pattern and lookup-join nodes, worked out on empty
 * inputs (generators: id long, name string, amount double, ts timestamp).
 */
class JoinsCheckTest {
  private static final JobCompiler COMPILER = new JobCompiler();

  private static ExecutionPlan plan(String node, String edges) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "a", "type": "generator", "config": {"count": 10}},
           {"id": "b", "type": "generator", "config": {"count": 10}},
           %s,
           {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/x"}},
           {"id": "out2", "type": "file-directory-sink", "config": {"path": "/tmp/y"}}],
         "edges": [%s, {"from": {"node": "t"}, "to": {"node": "out"}}]}
        """
            .formatted(node, edges);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static final String TWO =
      """
      {"from": {"node": "a"}, "to": {"node": "t", "port": "left"}},
      {"from": {"node": "b"}, "to": {"node": "t", "port": "right"}},
      {"from": {"node": "b"}, "to": {"node": "out2"}}""";

  private static final String ONE =
      """
      {"from": {"node": "a"}, "to": {"node": "t"}},
      {"from": {"node": "b"}, "to": {"node": "out2"}}""";

  private static String intervalJoin(String extra) {
    return """
        {"id": "t", "type": "interval-join",
         "config": {"keys": ["id"], "leftTimeField": "ts", "rightTimeField": "ts",
                    "before": "10s", "after": "1m"%s}}"""
        .formatted(extra);
  }

  @Test
  void anIntervalJoinPutsOutTheLeftFieldsThenThePrefixedRightOnes() {
    var analysis =
        COMPILER.analyze(
            plan(intervalJoin(", \"rightPrefix\": \"r_\", \"rightDrop\": [\"id\"]"), TWO));

    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("t")).names())
        .containsExactly("id", "name", "amount", "ts", "r_name", "r_amount", "r_ts");
  }

  @Test
  void anIntervalJoinWhoseRightFieldsClashWithTheLeftOnesIsAProblemOnThePrefix() {
    var problems = COMPILER.check(plan(intervalJoin(""), TWO));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field)
        .containsExactly(tuple("t", "config.rightPrefix"));
    assertThat(problems.get(0).message()).contains("Right field 'id'", "prefix");
  }

  @Test
  void intervalJoinKeysOfDifferentTypesOrMissingFieldsAreProblemsOnTheirFields() {
    var keys =
        COMPILER.check(
            plan(
                intervalJoin(", \"rightPrefix\": \"r_\"").replace("[\"id\"]", "[\"id = name\"]"),
                TWO));
    var time =
        COMPILER.check(
            plan(
                intervalJoin(", \"rightPrefix\": \"r_\"")
                    .replace("\"rightTimeField\": \"ts\"", "\"rightTimeField\": \"amount\""),
                TWO));

    assertThat(keys).extracting(Problem::field).containsExactly("config.keys");
    assertThat(keys.get(0).message()).contains("a long", "a string");
    assertThat(time).extracting(Problem::field).containsExactly("config.rightTimeField");
  }

  private static String pattern(String steps, String measures) {
    return """
        {"id": "t", "type": "pattern",
         "config": {"keyFields": ["name"], "timeField": "ts", "within": "5m",
                    "steps": [%s], "measures": [%s]}}"""
        .formatted(steps, measures);
  }

  @Test
  void aPatternPutsOutTheKeyTheMatchBoundsACountPerStepAndTheMeasures() {
    var analysis =
        COMPILER.analyze(
            plan(
                pattern(
                    "\"low{2,}: amount < 10\", \"high: amount >= 100\"",
                    "\"first_id = first(low.id)\", \"peak = last(high.amount)\""),
                ONE));

    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("t")).fields())
        .containsExactly(
            new Field("name", FieldType.STRING),
            new Field("match_start", FieldType.TIMESTAMP),
            new Field("match_end", FieldType.TIMESTAMP),
            new Field("low_count", FieldType.LONG),
            new Field("high_count", FieldType.LONG),
            new Field("first_id", FieldType.LONG),
            new Field("peak", FieldType.DOUBLE));
  }

  @Test
  void aPatternConditionThatIsNotTrueOrFalseOrNamesAMissingFieldIsAProblemOnTheSteps() {
    var notBoolean =
        COMPILER.check(plan(pattern("\"low: amount < 10\", \"high: amount + 1\"", ""), ONE));
    var missing = COMPILER.check(plan(pattern("\"low: price < 10\"", ""), ONE));
    var measure =
        COMPILER.check(plan(pattern("\"low: amount < 10\"", "\"x = first(low.nope)\""), ONE));

    assertThat(notBoolean).extracting(Problem::field).containsExactly("config.steps");
    assertThat(notBoolean.get(0).message()).contains("Entry 2 (high)", "not true or false");
    assertThat(missing).extracting(Problem::field).containsExactly("config.steps");
    assertThat(missing.get(0).message()).contains("price");
    assertThat(measure).extracting(Problem::field).containsExactly("config.measures");
  }

  @Test
  void theMatchRecognizeQueryQuotesNamesAndSpellsQuantifiersAndTheTimeBound() {
    var step =
        (Step.Pattern)
            plan(pattern("\"failed{3}: amount < 0\", \"ok+: amount > 0\"", ""), ONE)
                .step(new NodeId("t"))
                .orElseThrow();

    assertThat(Patterns.query(step, "in"))
        .contains("PARTITION BY `name`")
        .contains("PATTERN (`failed`{3} `ok`+) WITHIN INTERVAL '300.000' SECOND(9, 3)")
        .contains("DEFINE `failed` AS (amount < 0), `ok` AS (amount > 0)");
  }

  @Test
  void aLookupJoinAddsThePrefixedColumnsAndRefusesOnesThatClash() {
    String join =
        """
        {"id": "t", "type": "lookup-join",
         "config": {"jdbcUrl": "jdbc:postgresql://127.0.0.1:1/none", "table": "customers",
                    "keys": ["id"], "columns": ["name: string", "tier: long"]%s}}""";

    var clash = COMPILER.check(plan(join.formatted(""), ONE));
    var analysis = COMPILER.analyze(plan(join.formatted(", \"prefix\": \"c_\""), ONE));

    assertThat(clash).extracting(Problem::field).containsExactly("config.columns");
    assertThat(clash.get(0).message()).contains("'name'", "prefix");
    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("t")).names())
        .containsExactly("id", "name", "amount", "ts", "c_name", "c_tier");
  }
}
