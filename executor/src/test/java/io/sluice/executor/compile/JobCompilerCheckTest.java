package io.sluice.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expressions are type-checked by Flink's planner before anything runs. */
class JobCompilerCheckTest {
  private final JobCompiler compiler = new JobCompiler();

  private static ExecutionPlan plan(String condition, String derived) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"count": 10}},
           {"id": "keep", "type": "filter", "config": {"condition": "%s"}},
           {"id": "calc", "type": "derive", "config": {"fields": [%s]}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": "jdbc:postgresql://db/x", "table": "t"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "keep"}},
                   {"from": {"node": "keep"}, "to": {"node": "calc"}},
                   {"from": {"node": "calc"}, "to": {"node": "db"}}]}
        """
            .formatted(condition, derived);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  @Test
  void findsNothingWrongWithCorrectExpressionsAndTypesTheDerivedFields() {
    ExecutionPlan plan =
        plan(
            "amount > 10 AND name <> 'x'",
            "\"doubled = amount * 2\", \"big = amount > 50\", \"one = 1\","
                + " \"label = UPPER(name)\"");

    assertThat(compiler.check(plan)).isEmpty();
    assertThat(compiler.schemas(plan).get(new NodeId("calc")).fields())
        .contains(
            new Field("id", FieldType.LONG),
            new Field("doubled", FieldType.DOUBLE),
            new Field("big", FieldType.BOOLEAN),
            new Field("one", FieldType.LONG),
            new Field("label", FieldType.STRING));
  }

  @Test
  void anEqualPlanIsAnalysedOnceWhicheverCompilerAsksAndAnotherPlanAfresh() {
    String derived = "\"tripled = amount * 3\"";
    JobCompiler.Analysis first = compiler.analyze(plan("amount > 7", derived));

    // Built again from the same document, by another compiler (as saving and starting do).
    assertThat(new JobCompiler().analyze(plan("amount > 7", derived))).isSameAs(first);
    JobCompiler.Analysis other = compiler.analyze(plan("amount > 8", "\"tripled = name * 3\""));
    assertThat(other).isNotSameAs(first);
    assertThat(other.problems()).extracting(Problem::nodeId).containsExactly("calc");
    assertThat(first.problems()).isEmpty();
  }

  @Test
  void reportsAMisspeltFieldOnItsNodeAndSkipsWhatFollows() {
    List<Problem> problems = compiler.check(plan("amout > 10", "\"doubled = amount * 2\""));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).nodeId()).isEqualTo("keep");
    assertThat(problems.get(0).field()).isEqualTo("config.condition");
    assertThat(problems.get(0).code()).isEqualTo("invalid-expression");
    assertThat(problems.get(0).message()).containsIgnoringCase("amout");
  }

  @Test
  void reportsATypeErrorInADerivedField() {
    List<Problem> problems = compiler.check(plan("amount > 10", "\"bad = name * 2\""));

    assertThat(problems).extracting(Problem::nodeId).containsExactly("calc");
    assertThat(problems.get(0).field()).isEqualTo("config.fields");
  }

  @Test
  void renamesDropsAndKeepsFieldsInThatOrderAfterComputing() {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"count": 10}},
           {"id": "shape", "type": "derive",
            "config": {"fields": ["total = amount * 2"], "rename": ["name -> customer"],
                       "drop": ["ts"], "keep": ["total", "customer", "id"]}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": "jdbc:postgresql://db/x", "table": "t"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "shape"}},
                   {"from": {"node": "shape"}, "to": {"node": "db"}}]}
        """;
    ExecutionPlan plan =
        new PlanTranslator(BuiltInNodeTypes.registry())
            .translate(PipelineJson.read(json).document());

    assertThat(compiler.check(plan)).isEmpty();
    assertThat(compiler.schemas(plan).get(new NodeId("shape")).fields())
        .containsExactly(
            new Field("total", FieldType.DOUBLE),
            new Field("customer", FieldType.STRING),
            new Field("id", FieldType.LONG));

    ExecutionPlan wrong =
        new PlanTranslator(BuiltInNodeTypes.registry())
            .translate(
                PipelineJson.read(json.replace("\"drop\": [\"ts\"]", "\"drop\": [\"tz\"]"))
                    .document());
    List<Problem> problems = compiler.check(wrong);
    assertThat(problems).extracting(Problem::field).containsExactly("config.drop");
    assertThat(problems.get(0).message()).contains("'tz'", "amount");
  }

  @Test
  void aGeneratorProducesTheFieldsItDeclares() {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator",
            "config": {"fields": ["id: long", "total: decimal", "day: date"]}},
           {"id": "big", "type": "filter", "config": {"condition": "total > 10"}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": "jdbc:postgresql://db/x", "table": "t"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "big"}},
                   {"from": {"node": "big"}, "to": {"node": "db"}}]}
        """;
    ExecutionPlan plan =
        new PlanTranslator(BuiltInNodeTypes.registry())
            .translate(PipelineJson.read(json).document());

    assertThat(compiler.check(plan)).isEmpty();
    assertThat(compiler.schemas(plan).get(new NodeId("big")).fields())
        .containsExactly(
            new Field("id", FieldType.LONG),
            new Field("total", FieldType.DECIMAL),
            new Field("day", FieldType.DATE));
  }

  @Test
  void reportsAConditionThatIsNotBoolean() {
    List<Problem> problems = compiler.check(plan("amount + 1", "\"x = 1\""));

    assertThat(problems).extracting(Problem::nodeId).containsExactly("keep");
  }
}
