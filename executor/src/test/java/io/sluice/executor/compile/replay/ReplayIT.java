package io.sluice.executor.compile.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters sent back through a fixed version of their pipeline on a MiniCluster: the node that
 * rejected them reads them again, the nodes after it run as in the pipeline, records that still do
 * not fit go to the dead-letter again with the new reason, and nothing else of the pipeline runs.
 */
class ReplayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static MiniCluster cluster;

  @TempDir Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
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
   * {@code read} (CSV with header {@code amount,id}; {@code amount} of type {@code amountType}) →
   * {@code big}: {@code amount >= 10} → {@code scale}: {@code cents = CAST(amount * 100 AS BIGINT)
   * / divisor} → file sink; a second, bounded source {@code other} writes to its own sink.
   */
  private ExecutionPlan plan(Path in, String amountType, String divisor, Path out, Path bad) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "read", "type": "file-directory",
            "config": {"path": "%s", "format": "csv", "csvHeader": true, "discoveryInterval": "100ms",
                       "fields": ["id: long", "amount: %s"]}},
           {"id": "big", "type": "filter", "config": {"condition": "amount >= 10"}},
           {"id": "scale", "type": "derive",
            "config": {"fields": ["cents = CAST(amount * 100 AS BIGINT) / %s"]}},
           {"id": "out", "type": "file-directory-sink",
            "config": {"path": "%s", "format": "json-lines"}}],
         "edges": [{"from": {"node": "read"}, "to": {"node": "big"}},
                   {"from": {"node": "big"}, "to": {"node": "scale"}},
                   {"from": {"node": "scale"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "200ms", "parallelism": 1,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(in, amountType, divisor, out, bad);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static void run(StreamExecutionEnvironmentBuilder job, String name) throws Exception {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, name);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    job.build(env);
    cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
  }

  /** Runs a continuous job until {@code done} holds, then cancels it. */
  private static void runUntil(
      StreamExecutionEnvironmentBuilder job, String name, Callable<Boolean> done) throws Exception {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, name);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    job.build(env);
    JobID id = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
    try {
      Awaitility.await(name).atMost(Duration.ofSeconds(60)).until(done);
    } finally {
      cluster.cancelJob(id).get();
    }
  }

  @FunctionalInterface
  private interface StreamExecutionEnvironmentBuilder {
    void build(StreamExecutionEnvironment env) throws Exception;
  }

  @Test
  void aSourcesDeadLettersGoThroughTheFixedVersionAndThoseStillBadComeBackWithTheNewReason()
      throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.csv"), "amount,id\n20,1\n12.5,2\n5,3\nabc,4\n30.25,5\n");
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    JobCompiler compiler = new JobCompiler();
    ExecutionPlan strict = plan(in, "long", "1", out, bad);
    runUntil(
        env -> compiler.forRun(strict, "p-replay", null).build(env),
        "p-replay",
        () -> jsonLines(bad).size() == 3 && jsonLines(out).size() == 1);
    List<JsonNode> firstDeadLetters = jsonLines(bad);
    assertThat(firstDeadLetters)
        .extracting(d -> d.get("raw").asText())
        .containsExactlyInAnyOrder("12.5,2", "abc,4", "30.25,5");
    assertThat(jsonLines(out)).extracting(r -> r.get("id").asLong()).containsExactly(1L);

    ExecutionPlan fixed = plan(in, "double", "1", out, bad);
    List<JobCompiler.Replay.Record> records =
        firstDeadLetters.stream()
            .map(
                d -> new JobCompiler.Replay.Record(d.get("source").asText(), d.get("raw").asText()))
            .toList();
    deleteAll(bad);
    run(
        env ->
            compiler
                .forReplay(
                    fixed,
                    new JobCompiler.Replay(new NodeId("read"), records),
                    "p-replay-r1",
                    "p-replay",
                    null)
                .build(env),
        "p-replay-r1");

    assertThat(jsonLines(out))
        .extracting(r -> r.get("id").asLong() + ":" + r.get("cents").asLong())
        .as("the first run's record once, and the replayed ones that now fit")
        .containsExactlyInAnyOrder("1:2000", "2:1250", "5:3025");
    List<JsonNode> again = jsonLines(bad);
    assertThat(again).hasSize(1);
    assertThat(again.get(0).get("raw").asText()).isEqualTo("abc,4");
    assertThat(again.get(0).get("source").asText()).isEqualTo(in.resolve("a.csv") + ":5");
    assertThat(again.get(0).get("pipeline").asText()).isEqualTo("p-replay");
    assertThat(again.get(0).get("reason").asText()).contains("amount").contains("double");
  }

  @Test
  void aDerivesDeadLettersAreItsInputAgainAndNothingBeforeItRuns() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.csv"), "amount,id\n20,1\n40,2\n");
    Path out = tmp.resolve("out");
    Path bad = tmp.resolve("bad");
    JobCompiler compiler = new JobCompiler();
    ExecutionPlan broken = plan(in, "long", "0", out, bad);
    runUntil(
        env -> compiler.forRun(broken, "p-derive", null).build(env),
        "p-derive",
        () -> jsonLines(bad).size() == 2);
    List<JsonNode> deadLetters = jsonLines(bad);
    assertThat(deadLetters)
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.get("node").asText()).isEqualTo("scale"));

    ExecutionPlan fixed = plan(in, "long", "2", out, bad);
    deleteAll(bad);
    run(
        env ->
            compiler
                .forReplay(
                    fixed,
                    new JobCompiler.Replay(
                        new NodeId("scale"),
                        deadLetters.stream()
                            .map(
                                d ->
                                    new JobCompiler.Replay.Record(
                                        d.get("source").asText(), d.get("raw").asText()))
                            .toList()),
                    "p-derive-r1",
                    "p-derive",
                    null)
                .build(env),
        "p-derive-r1");

    assertThat(jsonLines(out))
        .extracting(r -> r.get("id").asLong() + ":" + r.get("cents").asLong())
        .as("only the replayed records: the source did not read its files again")
        .containsExactlyInAnyOrder("1:1000", "2:2000");
    assertThat(bad).doesNotExist();
  }

  @Test
  void aLogTailsDeadEventsAreReadAgainByTheFixedPatternAndACutOneStaysADeadLetter()
      throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path out = tmp.resolve("log-out");
    Path bad = tmp.resolve("log-bad");
    // Dead letters as a version that took upper-case levels only wrote them; this one takes any.
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "app", "type": "log-tail",
            "config": {"path": "%s", "format": "regex", "fileField": "file",
                       "linePattern": "(?<level>[A-Za-z]+) (?<code>\\\\d+) (?<message>.*)",
                       "fields": ["code: long"]}},
           {"id": "out", "type": "file-directory-sink",
            "config": {"path": "%s", "format": "json-lines"}}],
         "edges": [{"from": {"node": "app"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "200ms", "parallelism": 1,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(logs, out, bad);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    ExecutionPlan fixed =
        new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
    String log = logs.resolve("app.log").toString();
    String cut = "warn 7 " + "x".repeat(io.sluice.connectors.logtail.LogTailSource.RAW_LIMIT);
    List<JobCompiler.Replay.Record> records =
        List.of(
            new JobCompiler.Replay.Record(log + " at byte 0", "warn 41 disk almost full"),
            new JobCompiler.Replay.Record(log + " at byte 25", "info seven started"),
            new JobCompiler.Replay.Record(log + " at byte 44", cut.substring(0, 4096)));

    run(
        env ->
            new JobCompiler()
                .forReplay(
                    fixed,
                    new JobCompiler.Replay(new NodeId("app"), records),
                    "p-logs-r1",
                    "p-logs",
                    null)
                .build(env),
        "p-logs-r1");

    List<JsonNode> delivered = jsonLines(out);
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).get("level").asText()).isEqualTo("warn");
    assertThat(delivered.get(0).get("code").asLong()).isEqualTo(41L);
    assertThat(delivered.get(0).get("message").asText()).isEqualTo("disk almost full");
    assertThat(delivered.get(0).get("file").asText()).isEqualTo(log);
    List<JsonNode> again = jsonLines(bad);
    assertThat(again)
        .extracting(d -> d.get("source").asText())
        .containsExactlyInAnyOrder(log + " at byte 25", log + " at byte 44");
    assertThat(again)
        .extracting(d -> d.get("reason").asText())
        .anySatisfy(r -> assertThat(r).contains("regular expression"))
        .anySatisfy(r -> assertThat(r).contains("first 4096 characters"));
  }

  @Test
  void refusesNodesThatHaveNoDeadLettersToReplay() {
    ExecutionPlan plan = plan(tmp, "long", "1", tmp.resolve("out"), tmp.resolve("bad"));
    JobCompiler compiler = new JobCompiler();
    JobCompiler.Replay toSink = new JobCompiler.Replay(new NodeId("out"), List.of());
    JobCompiler.Replay toGone = new JobCompiler.Replay(new NodeId("gone"), List.of());

    assertThatThrownBy(() -> compiler.forReplay(plan, toSink, "k-r", "k", null))
        .hasMessageContaining("Node 'out'")
        .hasMessageContaining(
            "only dead letters of file and log-tail sources, filters and derives");
    assertThatThrownBy(() -> compiler.forReplay(plan, toGone, "k-r", "k", null))
        .hasMessageContaining("Node 'gone' is not in the pipeline's current version");
  }

  private static List<JsonNode> jsonLines(Path dir) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        for (String line : Files.readAllLines(file)) {
          lines.add(JSON.readTree(line));
        }
      }
    }
    return lines;
  }

  private static void deleteAll(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
