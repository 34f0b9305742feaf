package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.transform.PatternMeasure;
import io.sluice.model.transform.PatternStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports and config rules of the lookup-join, interval-join and pattern nodes. */
class JoinValidationTest {
  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  private static PipelineDocument doc(String node, String edges) {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "a", "type": "generator", "config": {"count": 10}},
               {"id": "b", "type": "generator", "config": {"count": 10}},
               %s,
               {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/x"}}],
             "edges": [%s, {"from": {"node": "j"}, "to": {"node": "out"}}]}
            """
                .formatted(node, edges));
    assertThat(read.problems()).isEmpty();
    return read.document();
  }

  private static final String TWO_PORTS =
      """
      {"from": {"node": "a"}, "to": {"node": "j", "port": "left"}},
      {"from": {"node": "b"}, "to": {"node": "j", "port": "right"}}""";

  private static final String ONE = "{\"from\": {\"node\": \"a\"}, \"to\": {\"node\": \"j\"}}";

  private List<Problem> validate(String node, String edges) {
    // b feeds nothing when only one input is used: make it reach the sink too.
    PipelineDocument d = doc(node, edges);
    return validator.validate(d).stream().filter(p -> !"b".equals(p.nodeId())).toList();
  }

  @Test
  void anIntervalJoinTakesALeftAndARightInput() {
    String join =
        """
        {"id": "j", "type": "interval-join",
         "config": {"keys": ["id"], "leftTimeField": "ts", "rightTimeField": "ts",
                    "before": "5m", "after": "1m", "rightPrefix": "r_"}}""";
    assertThat(validate(join, TWO_PORTS)).isEmpty();

    assertThat(validate(join, ONE))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("j", "edges[0]", ProblemCodes.UNKNOWN_PORT));
  }

  @Test
  void anIntervalJoinWithoutItsRightInputIsUnconnectedThere() {
    String join =
        """
        {"id": "j", "type": "interval-join",
         "config": {"keys": ["id"], "leftTimeField": "ts", "rightTimeField": "ts"}}""";
    var problems =
        validate(
            join, "{\"from\": {\"node\": \"a\"}, \"to\": {\"node\": \"j\", \"port\": \"left\"}}");

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::code)
        .containsExactly(tuple("j", ProblemCodes.UNCONNECTED_NODE));
    assertThat(problems.get(0).message()).contains("'right'");
  }

  @Test
  void badKeysAndPrefixesAreReportedOnTheirFields() {
    String join =
        """
        {"id": "j", "type": "interval-join",
         "config": {"keys": ["id = ", "x = y", "x = z"], "leftTimeField": "ts",
                    "rightTimeField": "ts", "rightPrefix": "r-"}}""";

    assertThat(validate(join, TWO_PORTS))
        .extracting(Problem::field, Problem::code)
        .containsExactlyInAnyOrder(
            tuple("config.keys", ProblemCodes.INVALID_CONFIG),
            tuple("config.keys", ProblemCodes.INVALID_CONFIG),
            tuple("config.rightPrefix", ProblemCodes.INVALID_CONFIG));
  }

  @Test
  void aLookupJoinNeedsParsableKeysAndDeclaredColumns() {
    String join =
        """
        {"id": "j", "type": "lookup-join",
         "config": {"jdbcUrl": "jdbc:postgresql://localhost/db", "table": "customers",
                    "keys": ["customer = id"], "columns": ["name: string", "tier: int"]}}""";

    var problems = validate(join, ONE);

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("j", "config.columns", ProblemCodes.INVALID_CONFIG));
    assertThat(problems.get(0).message()).contains("Entry 2", "int");
  }

  @Test
  void patternStepsMeasuresAndOutputNamesAreChecked() {
    String pattern =
        """
        {"id": "j", "type": "pattern",
         "config": {"keyFields": ["user"], "timeField": "at", "within": "5m",
                    "steps": ["failed{3}: outcome = 'failure'", "ok: outcome = 'success'",
                              "ok+: true", "3bad: x"],
                    "measures": ["ip = last(failed.ip)", "other = first(nope.ip)",
                                 "failed_count = first(ok.ip)"]}}""";

    var problems = validate(pattern, ONE);

    assertThat(problems)
        .extracting(Problem::field, Problem::message)
        .containsExactlyInAnyOrder(
            tuple("config.steps", "Entry 3 names step 'ok' again."),
            tuple(
                "config.steps",
                "Entry 4: \"3bad: x\" must read name: condition, with an optional quantifier after"
                    + " the name ({3} for exactly three records, + for one or more, {2,} for two"
                    + " or more), for example failed{3}: outcome = 'failure'."),
            tuple("config.measures", "Entry 2 reads step 'nope', which is not a step."),
            tuple(
                "config.measures",
                "Entry 3 names its output 'failed_count', which is already a key, match or count"
                    + " field."));
  }

  @Test
  void stepsAndMeasuresParseTheirQuantifiers() {
    assertThat(PatternStep.parse("failed{3}: outcome = 'a:b'").step().orElseThrow())
        .isEqualTo(new PatternStep("failed", 3, false, "outcome = 'a:b'"));
    assertThat(PatternStep.parse("many+: true").step().orElseThrow().quantifier()).isEqualTo("+");
    assertThat(PatternStep.parse("two { 2 , }: true").step().orElseThrow().quantifier())
        .isEqualTo("{2,}");
    assertThat(PatternStep.parse("one: x > 1").step().orElseThrow().quantifier()).isEmpty();
    assertThat(PatternStep.parse("none{0}: x").problem()).isPresent();
    assertThat(PatternMeasure.parse("ip = LAST(failed.ip)").measure().orElseThrow())
        .isEqualTo(new PatternMeasure("ip", false, "failed", "ip"));
  }

  private static PipelineDocument statefulDoc(String pattern, String join) {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "a", "type": "generator", "config": {"count": 10}},
               {"id": "b", "type": "generator", "config": {"count": 10}},
               {"id": "p", "type": "pattern", "config": {%s}},
               {"id": "j", "type": "interval-join", "config": {%s}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/x"}}],
             "edges": [{"from": {"node": "a"}, "to": {"node": "p"}},
                       {"from": {"node": "p"}, "to": {"node": "j", "port": "left"}},
                       {"from": {"node": "b"}, "to": {"node": "j", "port": "right"}},
                       {"from": {"node": "j"}, "to": {"node": "out"}}]}
            """
                .formatted(pattern, join));
    assertThat(read.problems()).isEmpty();
    return read.document();
  }

  @Test
  void changedPatternStepsOrJoinKeysCannotKeepTheirStateButAPrefixCan() {
    String pattern =
        "\"timeField\": \"at\", \"within\": \"5m\", \"steps\": [\"a: x > 1\", \"b: x < 1\"]";
    String join = "\"keys\": [\"id\"], \"leftTimeField\": \"t\", \"rightTimeField\": \"t\"";
    var check = new StateCompatibility(BuiltInNodeTypes.registry());

    assertThat(
            check.check(
                statefulDoc(pattern, join),
                statefulDoc(
                    pattern + ", \"watermarkDelay\": \"1m\"", join + ", \"rightPrefix\": \"r_\"")))
        .isEmpty();
    var problems =
        check.check(
            statefulDoc(pattern, join),
            statefulDoc(
                pattern.replace("x < 1", "x < 2"), join.replace("[\"id\"]", "[\"id = other\"]")));
    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("p", "config.steps", ProblemCodes.STATE_INCOMPATIBLE),
            tuple("j", "config.keys", ProblemCodes.STATE_INCOMPATIBLE));
    assertThat(problems.get(0).message()).contains("partial matches");
    assertThat(problems.get(1).message()).contains("waiting for a partner");
  }
}
