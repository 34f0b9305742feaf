package io.sluice.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sql node whose SELECT or WHERE fails on some records at run time, on a MiniCluster: its {@code
 * onError} decides what happens to them, also when the failing expression comes before or after a
 * join or an aggregate, and every other record arrives once. What a join or a table function
 * evaluates itself fails the job, with a message naming the node and the record.
 */
class SqlErrorPolicyIT {
  private static final int COUNT = 100;
  private static MiniCluster cluster;

  @TempDir Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    Configuration config = new Configuration();
    CountersReporter.configure(config);
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .withRandomPorts()
                .build());
    cluster.start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /**
   * Generator → {@code code}: every fifth id becomes {@code 'x<id>'} → the query → a file sink;
   * with a second input {@code other} (the same records) for a join.
   */
  private ExecutionPlan plan(String query, String onError, Path out, Path deadLetter) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator",
            "config": {"count": %d, "recordsPerSecond": 0, "fields": ["id: long"]}},
           {"id": "label", "type": "derive",
            "config": {"fields": ["code = CASE WHEN MOD(id, 5) = 0 THEN 'x' || CAST(id AS STRING)\
         ELSE CAST(id AS STRING) END"]}},
           {"id": "q", "type": "sql", "config": {"query": "%s", "onError": "%s"}},
           {"id": "out", "type": "file-directory-sink",
            "config": {"path": "%s", "format": "json-lines"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "label"}},
                   {"from": {"node": "label"}, "to": {"node": "q"}},
                   {"from": {"node": "q"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "200ms", "parallelism": 2,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(COUNT, query, onError, out, deadLetter);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
    assertThat(new JobCompiler().check(plan)).isEmpty();
    return plan;
  }

  private static void run(ExecutionPlan plan, String pipelineKey) throws Exception {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, pipelineKey);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    new JobCompiler().forRun(plan, pipelineKey, null).build(env);
    cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
  }

  private static final String CAST =
      "SELECT id, 100 / (CAST(code AS BIGINT) - 1) AS share FROM label WHERE id > 0";

  @Test
  void sendsTheRecordsTheQueryFailsOnToTheDeadLetterWithTheReason() throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");

    run(plan(CAST, "dead-letter", out, bad), "p-sql-dead-letter");

    // id 0 is filtered out; every fifth id does not cast; id 1 divides by zero.
    List<Long> failing =
        LongStream.range(1, COUNT).filter(id -> id % 5 == 0 || id == 1).boxed().toList();
    assertThat(committedLines(out))
        .hasSize(COUNT - 1 - failing.size())
        .doesNotHaveDuplicates()
        .contains("{\"id\":2,\"share\":100}", "{\"id\":3,\"share\":50}");
    List<String> deadLetters = committedLines(bad);
    assertThat(deadLetters)
        .hasSize(failing.size())
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "\"pipeline\":\"p-sql-dead-letter\"",
                        "\"node\":\"q\"",
                        "\"source\":\"label\"",
                        "SELECT id, 100 / (CAST(code AS BIGINT) - 1) AS share FROM label WHERE id"
                            + " > 0 failed: "))
        .anySatisfy(line -> assertThat(line).contains("{\\\"id\\\":5,\\\"code\\\":\\\"x5\\\"}"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("{\\\"id\\\":1,\\\"code\\\":\\\"1\\\"}")
                    .containsIgnoringCase("zero"));
  }

  @Test
  void countsAndSkipsThemWhenThePolicyIsSkipAlsoAfterAJoin() throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    // An interval-free join would update results; a self-join on the key with a time bound is not
    // needed for the point: the CAST runs in the Calc after the join of label with itself by id.
    String join = "SELECT a.id, CAST(b.code AS INT) AS n FROM label a JOIN label b ON a.id = b.id";

    run(plan(join, "skip", out, bad), "p-sql-skip");

    assertThat(committedLines(out)).hasSize(COUNT - COUNT / 5).doesNotHaveDuplicates();
    assertThat(bad).doesNotExist();
    assertThat(CountersReporter.sum("p-sql-skip", ".badRecords"))
        .as(CountersReporter::names)
        .isEqualTo(COUNT / 5);
  }

  @Test
  void failsTheJobWhenThePolicyIsFail() {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");

    assertThatThrownBy(() -> run(plan(CAST, "fail", out, bad), "p-sql-fail"))
        .satisfies(
            e -> {
              StringBuilder messages = new StringBuilder();
              for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
              }
              // The planner's own exception, as before the sql node had an error policy: the
              // value that does not cast, or the division by zero.
              assertThat(messages.toString()).containsPattern("x\\d+|(?i)zero");
            });
    assertThat(bad).doesNotExist();
  }

  @Test
  void anAggregatesArgumentFollowsThePolicyAndTheAggregateOverTheOtherRecordsIsExact()
      throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    // The planner computes SUM's argument in a Calc before the aggregate: a running total per
    // parity of the id, over processing time (append only, so a sql node may run it).
    String over =
        "SELECT id, SUM(CAST(code AS BIGINT)) OVER (PARTITION BY MOD(id, 2) ORDER BY pt ROWS"
            + " BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total"
            + " FROM (SELECT *, PROCTIME() AS pt FROM label)";

    run(plan(over, "dead-letter", out, bad), "p-sql-over");

    List<String> rows = committedLines(out);
    assertThat(rows).hasSize(COUNT - COUNT / 5);
    // Ids only grow the totals, so each parity's largest total is its sum over every record that
    // casts: exact only if each bad record was left out once and each good one counted once.
    Map<Long, Long> largest = new TreeMap<>();
    Pattern row = Pattern.compile("\\{\"id\":(\\d+),\"total\":(\\d+)}");
    for (String line : rows) {
      Matcher m = row.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      largest.merge(Long.parseLong(m.group(1)) % 2, Long.parseLong(m.group(2)), Math::max);
    }
    Map<Long, Long> expected = new TreeMap<>();
    LongStream.range(0, COUNT)
        .filter(id -> id % 5 != 0)
        .forEach(id -> expected.merge(id % 2, id, Long::sum));
    assertThat(largest).isEqualTo(expected);
    assertThat(committedLines(bad))
        .hasSize(COUNT / 5)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("\"node\":\"q\"", "\"source\":\"label\"", "SELECT id, SUM(")
                    .containsPattern("\\\\\"code\\\\\":\\\\\"x\\d+"))
        .anySatisfy(line -> assertThat(line).contains("{\\\"id\\\":5,\\\"code\\\":\\\"x5\\\"}"));
  }

  @Test
  void aJoinsComputedKeyAndOneSidedConditionFollowThePolicyAndTheJoinIsExact() throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    // The key CAST(a.code AS BIGINT) is computed in a Calc on the left input, the condition on b
    // alone is pushed into a Calc on the right input: both before the join.
    String join =
        "SELECT a.id, b.code FROM label a JOIN label b"
            + " ON CAST(a.code AS BIGINT) = b.id AND CAST(b.code AS INT) >= 0";

    run(plan(join, "dead-letter", out, bad), "p-sql-join-keys");

    assertThat(committedLines(out))
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, COUNT)
                .filter(id -> id % 5 != 0)
                .mapToObj(id -> "{\"id\":" + id + ",\"code\":\"" + id + "\"}")
                .toList());
    // Each record that does not cast fails once on each side.
    List<String> deadLetters = committedLines(bad);
    assertThat(deadLetters)
        .hasSize(2 * COUNT / 5)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("\"node\":\"q\"", "SELECT a.id, b.code FROM label a JOIN"));
    assertThat(deadLetters.stream().filter(line -> line.contains("\\\"code\\\":\\\"x5\\\"")))
        .hasSize(2);
  }

  @Test
  void aConditionOverBothSidesOfAJoinFailsTheJobNamingTheNodeAndTheRecord() throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    String join =
        "SELECT a.id FROM label a JOIN label b ON a.id = b.id AND CAST(a.code AS BIGINT) + b.id > 0";

    assertThatThrownBy(() -> run(plan(join, "dead-letter", out, bad), "p-sql-join-condition"))
        .satisfies(
            e ->
                assertThat(rootCause(e))
                    .startsWith("Node q: the join (Join")
                    .contains("SELECT a.id FROM label a JOIN label b")
                    // The value that does not cast, and the record that met it in the join.
                    .containsPattern("failed: For input string: 'x\\d+'")
                    .containsPattern("input's record \\{\"id\":\\d+[,}]")
                    .contains("onError applies to the query's projections and filters"));
    assertThat(committedLines(bad)).isEmpty();
  }

  @Test
  void aTableFunctionsArgumentFailsTheJobNamingTheNodeAndTheRecord() {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    String unnest =
        "SELECT id, n FROM label CROSS JOIN UNNEST(ARRAY[CAST(code AS BIGINT)]) AS t(n)";

    assertThatThrownBy(() -> run(plan(unnest, "skip", out, bad), "p-sql-unnest"))
        .satisfies(
            e ->
                assertThat(rootCause(e))
                    .startsWith("Node q: the table function (Correlate")
                    .containsPattern("on the record \\{\"id\":\\d+,\"code\":\"x\\d+\"}")
                    .contains("not to a table function"));
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static List<String> committedLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(dir)) {
      return lines;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
