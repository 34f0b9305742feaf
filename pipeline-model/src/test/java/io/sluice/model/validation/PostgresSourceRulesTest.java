package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.document.Node;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.json.ReadResult;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSourceRulesTest {
  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  @Test
  void acceptsAnIncrementalTableSourceWithACompositeOffset() {
    assertThat(
            problems(
                """
                {"id": "in", "type": "postgres-incremental",
                 "config": {"jdbcUrl": "jdbc:postgresql://db:5432/shop", "table": "orders",
                            "fields": ["id: long", "updated_at: timestamp"],
                            "offsetColumns": ["updated_at", "id"], "lagSafety": "30s"}}"""))
        .isEmpty();
  }

  @Test
  void asksForATableOrQueryFieldsAndOffsetColumns() {
    assertThat(
            problems(
                """
                {"id": "in", "type": "postgres-incremental",
                 "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "offsetColumns": []}}"""))
        .extracting(Problem::field, Problem::code)
        .containsExactlyInAnyOrder(
            tuple("config.table", ProblemCodes.MISSING_CONFIG),
            tuple("config.fields", ProblemCodes.MISSING_CONFIG),
            tuple("config.offsetColumns", ProblemCodes.INVALID_CONFIG));
  }

  @Test
  void rejectsAnOffsetColumnThatIsNoFieldATableWithAQueryAndLagSafetyOnANumber() {
    List<Problem> problems =
        problems(
            """
            {"id": "in", "type": "postgres-incremental",
             "config": {"jdbcUrl": "jdbc:mysql://db/shop", "table": "orders",
                        "query": "DELETE FROM orders;", "fields": ["id: long"],
                        "offsetColumns": ["id", "updated_at"], "lagSafety": "10s"}}""");
    assertThat(problems)
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "config.jdbcUrl",
            "config.query",
            "config.query",
            "config.query",
            "config.offsetColumns",
            "config.lagSafety");
    assertThat(problems)
        .filteredOn(p -> p.field().equals("config.offsetColumns"))
        .first()
        .extracting(Problem::message)
        .asString()
        .contains("'updated_at' is not one of the fields [id]");
  }

  @Test
  void acceptsACdcSourceAndRejectsAnOperationFieldThatIsAColumn() {
    assertThat(
            problems(
                """
                {"id": "in", "type": "postgres-cdc",
                 "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "table": "public.orders",
                            "fields": ["id: long", "amount: decimal"]}}"""))
        .isEmpty();
    assertThat(
            problems(
                """
                {"id": "in", "type": "postgres-cdc",
                 "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "table": "orders",
                            "fields": ["id: long", "op: string"], "publication": "Orders-Pub"}}"""))
        .extracting(Problem::field, Problem::code)
        .containsExactlyInAnyOrder(
            tuple("config.opField", ProblemCodes.INVALID_CONFIG),
            tuple("config.publication", ProblemCodes.INVALID_CONFIG));
  }

  @Test
  void bothSourcesOfferAConnectionCheck() {
    assertThat(BuiltInNodeTypes.registry().find("postgres-cdc", 1).orElseThrow().connectionCheck())
        .isTrue();
    assertThat(
            BuiltInNodeTypes.registry()
                .find("postgres-incremental", 1)
                .orElseThrow()
                .connectionCheck())
        .isTrue();
  }

  private List<Problem> problems(String nodeJson) {
    String document = "{\"formatVersion\": 1, \"nodes\": [" + nodeJson + "], \"edges\": []}";
    ReadResult read = PipelineJson.read(document);
    assertThat(read.problems()).isEmpty();
    Node node = read.document().nodes().get(0);
    return validator.validateNode(node);
  }
}
