package io.sluice.executor.compile;

import static org.apache.flink.table.api.Expressions.callSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.executor.compile.guard.ExpressionGuard;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.plan.Step;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derive whose CAST fails on some records, run on a MiniCluster: the node's error policy decides
 * what happens to those records, and every other record arrives exactly once.
 */
class ExpressionErrorsIT {
  private static final int COUNT = 200;

  @TempDir Path tmp;

  /**
   * Generator → {@code code}: every fifth id becomes {@code 'x<id>'} → {@code n = CAST(code AS
   * INT)} → a file sink; the dead-letter is a directory.
   */
  private ExecutionPlan plan(String onError, Path out, Path deadLetter) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator",
            "config": {"count": %d, "recordsPerSecond": 0, "fields": ["id: long"]}},
           {"id": "label", "type": "derive",
            "config": {"fields": ["code = CASE WHEN MOD(id, 5) = 0 THEN 'x' || CAST(id AS STRING)\
         ELSE CAST(id AS STRING) END"]}},
           {"id": "parse", "type": "derive",
            "config": {"fields": ["n = CAST(code AS INT)"], "onError": "%s"}},
           {"id": "out", "type": "file-directory-sink",
            "config": {"path": "%s", "format": "json-lines"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "label"}},
                   {"from": {"node": "label"}, "to": {"node": "parse"}},
                   {"from": {"node": "parse"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "200ms", "parallelism": 2,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(COUNT, onError, out, deadLetter);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  /** One MiniCluster for the class, with a reporter that keeps the jobs' counters. */
  private static MiniCluster cluster;

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

  private static void run(ExecutionPlan plan, String pipelineKey) throws Exception {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, pipelineKey);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    new JobCompiler().forRun(plan, pipelineKey, null).build(env);
    cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
  }

  @Test
  void sendsTheRecordsACastFailsOnToTheDeadLetterAndDeliversTheOthersOnce() throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");

    run(plan("dead-letter", out, bad), "p-dead-letter");

    List<String> delivered = committedLines(out);
    assertThat(delivered).hasSize(COUNT - COUNT / 5).doesNotHaveDuplicates();
    assertThat(delivered)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, COUNT)
                .filter(id -> id % 5 != 0)
                .mapToObj(id -> "{\"id\":%d,\"code\":\"%d\",\"n\":%d}".formatted(id, id, id))
                .toList());
    List<String> deadLetters = committedLines(bad);
    assertThat(deadLetters).hasSize(COUNT / 5).doesNotHaveDuplicates();
    assertThat(deadLetters)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "\"pipeline\":\"p-dead-letter\"",
                        "\"node\":\"parse\"",
                        "\"source\":\"label\"",
                        "n = CAST(code AS INT) failed: ")
                    .doesNotContain("Exception"))
        .anySatisfy(line -> assertThat(line).contains("{\\\"id\\\":5,\\\"code\\\":\\\"x5\\\"}"));
  }

  @Test
  void countsAndSkipsTheRecordsACastFailsOnWhenThePolicyIsSkip() throws Exception {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");

    run(plan("skip", out, bad), "p-skip");

    assertThat(committedLines(out)).hasSize(COUNT - COUNT / 5).doesNotHaveDuplicates();
    assertThat(bad).doesNotExist();
    assertThat(CountersReporter.sum("p-skip", ".badRecords"))
        .as(CountersReporter::names)
        .isEqualTo(COUNT / 5);
  }

  @Test
  void failsTheJobWithACauseThatNamesTheNodeWhenThePolicyIsFail() {
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");

    assertThatThrownBy(() -> run(plan("fail", out, bad), "p-fail"))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.findThrowableWithMessage(e, "Node parse: "))
                    .get()
                    .extracting(Throwable::getMessage)
                    .asString()
                    .contains("n = CAST(code AS INT) failed", "\"code\":\"x")
                    .satisfies(m -> assertThat(rootCause(e).getMessage()).isEqualTo(m)));
  }

  @Test
  void aFailureDownstreamOfAFilterFailsTheJobAndIsNotTakenForTheFiltersError() {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
    env.setParallelism(1); // so that the failing map is chained to the filter's operator
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    DataStream<Row> input =
        env.fromData(
            List.of(Row.of(1L, "1"), Row.of(2L, "x"), Row.of(3L, "3"), Row.of(4L, "4")),
            new RowTypeInfo(
                new TypeInformation<?>[] {Types.LONG, Types.STRING}, new String[] {"id", "code"}));
    Table kept = tables.fromDataStream(input).filter(callSql("CAST(code AS INT) > 0"));
    ExpressionGuard.Guarded guarded =
        ExpressionGuard.apply(
            tables.toDataStream(kept),
            input,
            new ExpressionGuard.Policy(
                "keep", "rows", "CAST(code AS INT) > 0", Step.OnError.DEAD_LETTER));
    guarded
        .rows()
        .map(
            row -> {
              if (row.getFieldAs(0).equals(3L)) {
                throw new IllegalStateException("the sink refuses id 3");
              }
              return row;
            })
        .sinkTo(new DiscardingSink<>());
    guarded.badRecords().forEach(bad -> bad.sinkTo(new DiscardingSink<>()));
    JobGraph job = env.getStreamGraph().getJobGraph();
    assertThat(job.getVerticesSortedTopologicallyFromSources())
        .as("the map runs in the filter's chain")
        .hasSize(1);

    assertThatThrownBy(() -> cluster.executeJobBlocking(job))
        .satisfies(
            e -> {
              assertThat(rootCause(e))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessage("the sink refuses id 3");
              assertThat(ExceptionUtils.findThrowableWithMessage(e, "Node keep")).isEmpty();
            });
  }

  @Test
  void buildsAJobWhenThePlannerProvesAFilterEmptyOrAlwaysTrue() throws Exception {
    for (String condition : new String[] {"1 = 0", "TRUE", "id >= 0 OR id < 0 OR id IS NULL"}) {
      String json =
          """
          {"formatVersion": 1,
           "nodes": [
             {"id": "gen", "type": "generator", "config": {"count": 10}},
             {"id": "keep", "type": "filter", "config": {"condition": "%s"}},
             {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
           "edges": [{"from": {"node": "gen"}, "to": {"node": "keep"}},
                     {"from": {"node": "keep"}, "to": {"node": "out"}}]}
          """
              .formatted(condition, tmp.resolve("out"));
      var read = PipelineJson.read(json);
      ExecutionPlan plan =
          new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
      StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
      new JobCompiler().forRun(plan, "p-planned", null).build(env);

      assertThat(env.getStreamGraph().getJobGraph().getNumberOfVertices())
          .as(condition)
          .isPositive();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Lines of the files a reader sees: committed ones, not the hidden in-progress ones. */
  private static List<String> committedLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
