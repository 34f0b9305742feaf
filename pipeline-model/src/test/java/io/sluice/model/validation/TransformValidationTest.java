package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports and config rules of the window-aggregate, deduplicate, union, route and sql nodes. */
class TransformValidationTest {
  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  private static final String GEN =
      "{\"id\": \"gen\", \"type\": \"generator\", \"config\": {\"count\": 10}}";
  private static final String GEN2 =
      "{\"id\": \"gen2\", \"type\": \"generator\", \"config\": {\"count\": 10}}";

  private static String sink(String id) {
    return "{\"id\": \"%s\", \"type\": \"file-directory-sink\", \"config\": {\"path\": \"/tmp/%s\"}}"
        .formatted(id, id);
  }

  private static String edge(String from, String to) {
    String[] f = from.split("\\.");
    String[] t = to.split("\\.");
    return "{\"from\": {\"node\": \"%s\"%s}, \"to\": {\"node\": \"%s\"%s}}"
        .formatted(
            f[0],
            f.length > 1 ? ", \"port\": \"" + f[1] + "\"" : "",
            t[0],
            t.length > 1 ? ", \"port\": \"" + t[1] + "\"" : "");
  }

  private List<Problem> validate(List<String> nodes, List<String> edges) {
    var read =
        PipelineJson.read(
            "{\"formatVersion\": 1, \"nodes\": ["
                + String.join(",", nodes)
                + "], \"edges\": ["
                + String.join(",", edges)
                + "]}");
    assertThat(read.problems()).isEmpty();
    return validator.validate(read.document());
  }

  private static final String ROUTE =
      """
      {"id": "split", "type": "route",
       "config": {"routes": ["large: amount > 100", "named: name LIKE 'a%'"]}}""";

  @Test
  void aRouteHasAnOutputPortPerBranchAndADefault() {
    assertThat(
            validate(
                List.of(GEN, ROUTE, sink("big"), sink("rest")),
                List.of(
                    edge("gen", "split"),
                    edge("split.large", "big"),
                    edge("split.default", "rest"))))
        .isEmpty();
  }

  @Test
  void anEdgeFromAPortNoBranchDeclaresNamesTheRoutesPorts() {
    List<Problem> problems =
        validate(
            List.of(GEN, ROUTE, sink("big")),
            List.of(edge("gen", "split"), edge("split.huge", "big")));

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("split", "edges[1]", ProblemCodes.UNKNOWN_PORT));
    assertThat(problems.get(0).message()).contains("default, large, named");
  }

  @Test
  void aBranchCannotBeCalledDefaultOrRepeatAPort() {
    String route =
        """
        {"id": "split", "type": "route",
         "config": {"routes": ["default: amount > 1", "a: amount > 2", "a: amount > 3", "b"]}}""";

    assertThat(
            validate(
                List.of(GEN, route, sink("out")),
                List.of(edge("gen", "split"), edge("split.a", "out"))))
        .extracting(Problem::field, Problem::message)
        .containsExactly(
            tuple(
                "config.routes",
                "Entry 1 is called 'default', the output for records no branch takes; choose"
                    + " another name."),
            tuple("config.routes", "Entry 3 names port 'a' again."),
            tuple(
                "config.routes",
                "Entry 4: \"b\" must read port: condition, for example large: amount > 1000"));
  }

  @Test
  void aSecondEdgeIntoAOneEdgeInputIsReportedButAUnionTakesMany() {
    String filter =
        "{\"id\": \"keep\", \"type\": \"filter\", \"config\": {\"condition\": \"true\"}}";
    assertThat(
            validate(
                List.of(GEN, GEN2, filter, sink("out")),
                List.of(edge("gen", "keep"), edge("gen2", "keep"), edge("keep", "out"))))
        .extracting(Problem::nodeId, Problem::field, Problem::code)
        .containsExactly(tuple("keep", "edges[1]", ProblemCodes.TOO_MANY_EDGES));

    String union = "{\"id\": \"both\", \"type\": \"union\"}";
    assertThat(
            validate(
                List.of(GEN, GEN2, union, sink("out")),
                List.of(edge("gen", "both"), edge("gen2", "both"), edge("both", "out"))))
        .isEmpty();
  }

  private List<Problem> window(String config) {
    String node = "{\"id\": \"w\", \"type\": \"window-aggregate\", \"config\": {" + config + "}}";
    return validate(List.of(GEN, node, sink("out")), List.of(edge("gen", "w"), edge("w", "out")));
  }

  @Test
  void aCompleteWindowAggregateValidates() {
    assertThat(
            window(
                "\"window\": \"hopping\", \"size\": \"1m\", \"slide\": \"10s\", \"timeField\":"
                    + " \"ts\", \"groupBy\": [\"name\"], \"aggregates\": [\"n = count(*)\","
                    + " \"total = sum(amount)\", \"buyers = count(distinct id)\"]"))
        .isEmpty();
  }

  @Test
  void aHoppingWindowNeedsASlideNoLongerThanItsSize() {
    assertThat(
            window(
                "\"window\": \"hopping\", \"size\": \"1m\", \"timeField\": \"ts\", \"aggregates\": [\"n = count(*)\"]"))
        .extracting(Problem::field, Problem::code)
        .containsExactly(tuple("config.slide", ProblemCodes.MISSING_CONFIG));
    assertThat(
            window(
                "\"window\": \"hopping\", \"size\": \"1m\", \"slide\": \"2m\", \"timeField\":"
                    + " \"ts\", \"aggregates\": [\"n = count(*)\"]"))
        .extracting(Problem::field, Problem::message)
        .containsExactly(
            tuple(
                "config.slide",
                "Slide (2m) must not be longer than the size (1m), or records between windows"
                    + " would be missed."));
  }

  @Test
  void eventTimeNeedsATimeFieldAndASessionAGap() {
    assertThat(window("\"window\": \"session\", \"aggregates\": [\"n = count(*)\"]"))
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            tuple("config.gap", ProblemCodes.MISSING_CONFIG),
            tuple("config.timeField", ProblemCodes.MISSING_CONFIG));
    assertThat(
            window(
                "\"window\": \"session\", \"gap\": \"5m\", \"time\": \"processing-time\","
                    + " \"aggregates\": [\"n = count(*)\"]"))
        .isEmpty();
  }

  @Test
  void aggregatesMustUseKnownFunctionsAndDistinctNames() {
    List<Problem> problems =
        window(
            "\"size\": \"1m\", \"timeField\": \"ts\", \"groupBy\": [\"name\"], \"aggregates\":"
                + " [\"m = median(amount)\", \"s = sum(*)\", \"name = max(amount)\","
                + " \"window_end = min(amount)\"]");

    assertThat(problems)
        .extracting(Problem::field, Problem::message)
        .containsExactly(
            tuple(
                "config.aggregates",
                "Entry 1: \"m = median(amount)\" uses the function 'median'; the functions are"
                    + " count, sum, min, max, avg and count(distinct …)."),
            tuple(
                "config.aggregates",
                "Entry 2: \"s = sum(*)\": only count takes *; name the field to sum."),
            tuple(
                "config.aggregates",
                "Entry 3 names its output 'name', which is already a window, group-by or"
                    + " aggregate field."),
            tuple(
                "config.aggregates",
                "Entry 4 names its output 'window_end', which is already a window, group-by or"
                    + " aggregate field."));
  }

  @Test
  void deduplicateNeedsKeysAndAWindowLongerThanZero() {
    String dedupe =
        "{\"id\": \"d\", \"type\": \"deduplicate\", \"config\": {\"keyFields\": [], \"within\":"
            + " \"0s\"}}";
    assertThat(
            validate(
                List.of(GEN, dedupe, sink("out")), List.of(edge("gen", "d"), edge("d", "out"))))
        .extracting(Problem::field, Problem::code)
        .containsExactly(
            tuple("config.keyFields", ProblemCodes.INVALID_CONFIG),
            tuple("config.within", ProblemCodes.INVALID_CONFIG));
  }
}
