package io.sluice.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.validation.PipelineValidator;
import org.junit.jupiter.api.Test;

/** Reading and validating together, as the designer's save button does. */
class ReadAndValidateTest {

  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  @Test
  void reportsAllEightMistakesOfARealisticDocumentAtOnce() {
    String json =
        """
        {
          "formatVersion": 1,
          "nodes": [
            {"id": "orders", "type": "file-directory", "name": "Order files",
             "config": {"path": "/data/incoming/orders", "pattern": "orders-*.csv",
                        "format": "xml", "fields": ["id: long", "amount: double"]}},
            {"id": "big", "type": "filter", "name": "Big orders",
             "config": {"condition": "amount > 100 AND country = 'NL'"}},
            {"id": "sink", "type": "postgres", "name": "Orders table", "retries": 3,
             "config": {"jdbcUrl": "jdbc:postgresql://db:5432/shop", "user": "etl",
                        "mode": "upsert"}}
          ],
          "edges": [
            {"from": {"node": "orders"}, "to": {"node": "big"}},
            {"from": {"node": "big", "port": "out"}, "to": {"node": "sink", "port": "in"}},
            {"from": {"node": "big"}, "to": {"node": "audit"}}
          ],
          "settings": {"checkpointInterval": "30 seconds", "parallelism": 2,
                       "deliveryGuarantee": "exactly_once"},
          "layout": {"orders": {"x": "10", "y": 20}, "big": {"x": 200, "y": 20}}
        }
        """;

    ReadResult result = PipelineJson.readAndValidate(json, validator);

    assertThat(result.ok()).isFalse();
    assertThat(result.document()).isNull();
    assertThat(result.problems())
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            // found while reading
            tuple("sink", "nodes[2].retries", ProblemCodes.UNKNOWN_FIELD),
            tuple(null, "settings.checkpointInterval", ProblemCodes.INVALID_DURATION),
            tuple(null, "settings.deliveryGuarantee", ProblemCodes.UNKNOWN_VALUE),
            tuple(null, "layout.orders.x", ProblemCodes.WRONG_TYPE),
            // found by the validator in what could be read
            tuple("orders", "config.format", ProblemCodes.INVALID_CONFIG),
            tuple("sink", "config.table", ProblemCodes.MISSING_CONFIG),
            tuple("sink", "config.keyFields", ProblemCodes.MISSING_CONFIG),
            tuple(null, "edges[2]", ProblemCodes.DANGLING_EDGE));
  }

  @Test
  void leavesOutProblemsThatOnlyFollowFromUnreadableParts() {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "orders", "type": "file-directory", "config": {"path": "/data", "fields": ["id: long"]}},
           {"id": "big", "type": 42, "config": {"whatever": true}},
           {"id": "sink", "type": "postgres",
            "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "table": "orders"}}],
         "edges": [
           {"from": {"node": "orders"}, "to": {"node": "big", "port": 5}},
           {"from": {"node": "big"}, "to": {"node": "sink"}},
           {"from": {"node": "big"}, "to": {"node": "audit"}}]}
        """;

    ReadResult result = PipelineJson.readAndValidate(json, validator);

    // Not reported: big's config (its type is unknown), orders being unconnected (its only
    // edge was unreadable). Reported with the document's edge index, not the salvaged one.
    assertThat(result.problems())
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(
            tuple("big", "nodes[1].type", ProblemCodes.WRONG_TYPE),
            tuple(null, "edges[0].to.port", ProblemCodes.WRONG_TYPE),
            tuple(null, "edges[2]", ProblemCodes.DANGLING_EDGE));
  }

  @Test
  void returnsTheDocumentWhenNothingIsWrong() {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "orders", "type": "file-directory", "config": {"path": "/data", "fields": ["id: long"]}},
           {"id": "sink", "type": "postgres",
            "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "table": "orders"}}],
         "edges": [{"from": {"node": "orders"}, "to": {"node": "sink"}}]}
        """;

    ReadResult result = PipelineJson.readAndValidate(json, validator);

    assertThat(result.problems()).isEmpty();
    assertThat(result.document().nodes()).hasSize(2);
  }

  @Test
  void stopsAtMalformedJson() {
    assertThat(PipelineJson.readAndValidate("{nodes:", validator).problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCodes.MALFORMED_JSON);
  }
}
