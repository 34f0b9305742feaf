package io.sluice.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.document.PortRef;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import org.junit.jupiter.api.Test;

/** Fields per output port, and problems on the node and config field, for the transforms. */
class TransformCheckTest {
  private static final JobCompiler COMPILER = new JobCompiler();

  /** A generator (id, name, amount, ts) into {@code node}, whose out port goes to a sink. */
  private static ExecutionPlan plan(String node, String extraNodes, String edges) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"count": 10}},
           %s,
           {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/x"}}%s],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "t"}}%s]}
        """
            .formatted(node, extraNodes, edges);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static ExecutionPlan single(String node) {
    return plan(node, "", ", {\"from\": {\"node\": \"t\"}, \"to\": {\"node\": \"out\"}}");
  }

  @Test
  void aWindowAggregatePutsOutWindowBoundsGroupFieldsAndTypedAggregates() {
    var analysis =
        COMPILER.analyze(
            single(
                """
                {"id": "t", "type": "window-aggregate",
                 "config": {"size": "1m", "timeField": "ts", "groupBy": ["name"],
                            "aggregates": ["n = count(*)", "total = sum(amount)",
                                           "low = min(id)", "mean = avg(id)",
                                           "names = count(distinct name)"]}}"""));

    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("t")).fields())
        .containsExactly(
            new Field("window_start", FieldType.TIMESTAMP),
            new Field("window_end", FieldType.TIMESTAMP),
            new Field("name", FieldType.STRING),
            new Field("n", FieldType.LONG),
            new Field("total", FieldType.DOUBLE),
            new Field("low", FieldType.LONG),
            new Field("mean", FieldType.DOUBLE),
            new Field("names", FieldType.LONG));
  }

  @Test
  void windowFieldsThatDoNotFitTheInputAreReportedOnTheirConfigField() {
    assertThat(
            COMPILER.check(
                single(
                    """
                    {"id": "t", "type": "window-aggregate",
                     "config": {"size": "1m", "timeField": "ts", "groupBy": ["country"],
                                "aggregates": ["n = count(*)"]}}""")))
        .extracting(Problem::nodeId, Problem::field, Problem::code, Problem::message)
        .containsExactly(
            tuple(
                "t",
                "config.groupBy",
                "unknown-field",
                "Group-by field 'country' is not a field of the input [id, name, amount, ts]."));
    assertThat(
            COMPILER.check(
                single(
                    """
                    {"id": "t", "type": "window-aggregate",
                     "config": {"size": "1m", "timeField": "name",
                                "aggregates": ["n = count(*)"]}}""")))
        .extracting(Problem::field, Problem::code)
        .containsExactly(tuple("config.timeField", "invalid-config"));
    assertThat(
            COMPILER.check(
                single(
                    """
                    {"id": "t", "type": "window-aggregate",
                     "config": {"size": "1m", "timeField": "ts",
                                "aggregates": ["total = sum(name)"]}}""")))
        .extracting(Problem::field, Problem::message)
        .containsExactly(
            tuple(
                "config.aggregates",
                "total = sum(name): 'name' is a string; sum needs a long, double or decimal."));
  }

  @Test
  void aRouteGivesEveryPortTheInputFieldsAndRejectsAConditionThatIsNotBoolean() {
    String route =
        """
        {"id": "t", "type": "route", "config": {"routes": ["big: amount > 50"]}}""";
    var analysis =
        COMPILER.analyze(
            plan(
                route,
                ", {\"id\": \"rest\", \"type\": \"file-directory-sink\", \"config\": {\"path\":"
                    + " \"/tmp/y\"}}",
                ", {\"from\": {\"node\": \"t\", \"port\": \"big\"}, \"to\": {\"node\": \"out\"}},"
                    + " {\"from\": {\"node\": \"t\", \"port\": \"default\"}, \"to\": {\"node\":"
                    + " \"rest\"}}"));

    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.ports())
        .containsOnlyKeys(
            new PortRef(new NodeId("gen"), PortName.OUT),
            new PortRef(new NodeId("t"), new PortName("big")),
            new PortRef(new NodeId("t"), new PortName("default")));
    assertThat(analysis.ports().get(new PortRef(new NodeId("t"), new PortName("big"))).names())
        .containsExactly("id", "name", "amount", "ts");

    assertThat(
            COMPILER.check(
                plan(
                    route.replace("amount > 50", "amount * 2"),
                    "",
                    ", {\"from\": {\"node\": \"t\", \"port\": \"big\"}, \"to\": {\"node\":"
                        + " \"out\"}}")))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("t", "config.routes", "invalid-config"));
  }

  @Test
  void aUnionNamesTheFirstFieldThatDiffersBetweenItsInputs() {
    String union =
        """
        {"id": "t", "type": "union"},
        {"id": "gen2", "type": "generator", "config": {"count": 1,
         "fields": ["id: long", "name: long", "amount: double", "ts: timestamp"]}}""";
    var problems =
        COMPILER.check(
            plan(
                union,
                "",
                ", {\"from\": {\"node\": \"gen2\"}, \"to\": {\"node\": \"t\"}},"
                    + " {\"from\": {\"node\": \"t\"}, \"to\": {\"node\": \"out\"}}"));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("t", "inputs", "schema-mismatch"));
    assertThat(problems.get(0).message())
        .contains("Input gen2.out does not have the fields of input gen.out")
        .contains("field 'name' is a long where the first has a string");
  }

  @Test
  void aSqlNodeTakesItsFieldsFromThePlannerAndRefusesAQueryThatUpdatesResults() {
    var analysis =
        COMPILER.analyze(
            single(
                """
                {"id": "t", "type": "sql",
                 "config": {"query": "SELECT id, UPPER(name) AS label, amount * 2 AS twice FROM gen WHERE id > 3"}}"""));
    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("t")).fields())
        .containsExactly(
            new Field("id", FieldType.LONG),
            new Field("label", FieldType.STRING),
            new Field("twice", FieldType.DOUBLE));

    var problems =
        COMPILER.check(
            single(
                """
                {"id": "t", "type": "sql",
                 "config": {"query": "SELECT name, COUNT(*) AS n FROM gen GROUP BY name"}}"""));
    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field)
        .containsExactly(tuple("t", "config.query"));
    assertThat(problems.get(0).message()).startsWith("The query changes results it has already");

    assertThat(
            COMPILER.check(
                single(
                    """
                    {"id": "t", "type": "sql", "config": {"query": "SELECT nope FROM gen"}}""")))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("t", "config.query", "invalid-expression"));
  }
}
