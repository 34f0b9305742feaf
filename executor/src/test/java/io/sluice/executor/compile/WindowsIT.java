package io.sluice.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.executor.engine.EmbeddedEngine;
import io.sluice.executor.engine.EmbeddedEngineSettings;
import io.sluice.executor.engine.JobHandle;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-time windows on known input, with out-of-order and late records, checked exactly; the same
 * pipeline stopped with a savepoint in the middle of a window and resumed gives the same result.
 * Route, union and sql run in the same engine.
 */
class WindowsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir static Path tmp;

  private static ObjectStore store;
  private static EmbeddedEngine engine;
  private final JobCompiler compiler = new JobCompiler();

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStore.embedded(tmp.resolve("s3"));
    engine =
        EmbeddedEngine.start(
            EmbeddedEngineSettings.defaults(tmp.resolve("flink")).withSlots(4), store);
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * The first file: window [0s, 10s) closes when the record at 12s arrives (12 − 2s delay); the
   * record at 9s after it is late, the one at 5s before it only out of order. Window [10s, 20s) is
   * still open at the end of the file.
   */
  private static final String FIRST =
      """
      who,amount,at
      a,1,2026-01-01T00:00:01
      b,2,2026-01-01T00:00:03
      a,3,2026-01-01T00:00:08
      a,4,2026-01-01T00:00:05
      b,5,2026-01-01T00:00:12
      a,6,2026-01-01T00:00:09
      b,7,2026-01-01T00:00:11
      a,8,2026-01-01T00:00:15
      """;

  /** The second file: 10s is out of order but in time, 4s is late; 60s closes [20s, 30s). */
  private static final String SECOND =
      """
      who,amount,at
      a,9,2026-01-01T00:00:19
      b,10,2026-01-01T00:00:10
      a,11,2026-01-01T00:00:23
      b,12,2026-01-01T00:00:04
      c,13,2026-01-01T00:01:00
      """;

  /** window_start, window_end, who, n, total, biggest, mean; worked out by hand. */
  private static final List<String> WINDOWS =
      List.of(
          "2026-01-01T00:00,2026-01-01T00:00:10,a,3,8,4,2.6666666666666665",
          "2026-01-01T00:00,2026-01-01T00:00:10,b,1,2,2,2.0",
          "2026-01-01T00:00:10,2026-01-01T00:00:20,a,2,17,9,8.5",
          "2026-01-01T00:00:10,2026-01-01T00:00:20,b,3,22,10,7.333333333333333",
          "2026-01-01T00:00:20,2026-01-01T00:00:30,a,1,11,11,11.0");

  private static ExecutionPlan windowPlan(Path in, Path out, Path deadLetter) {
    return plan(
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "events", "type": "file-directory",
            "config": {"path": "%s", "discoveryInterval": "100ms",
                       "fields": ["who: string", "amount: long", "at: timestamp"]}},
           {"id": "w", "type": "window-aggregate",
            "config": {"window": "tumbling", "size": "10s", "timeField": "at",
                       "watermarkDelay": "2s", "groupBy": ["who"],
                       "aggregates": ["n = count(*)", "total = sum(amount)",
                                      "biggest = max(amount)", "mean = avg(amount)"]}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
         "edges": [{"from": {"node": "events"}, "to": {"node": "w"}},
                   {"from": {"node": "w"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "200ms", "parallelism": 1,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(in, out, deadLetter));
  }

  private static ExecutionPlan plan(String json) {
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  @Test
  void tumblingEventTimeWindowsGiveExactResultsAndSendLateRecordsToTheDeadLetter()
      throws IOException {
    Path in = tmp.resolve("whole/in");
    Path out = tmp.resolve("whole/out");
    Path bad = tmp.resolve("whole/bad");
    Files.createDirectories(in);
    ExecutionPlan plan = windowPlan(in, out, bad);
    JobHandle job = engine.submit("whole", compiler.forRun(plan, "whole", null), Optional.empty());

    drop(in, "1.csv", FIRST);
    awaitLines(out, 2);
    drop(in, "2.csv", SECOND);
    awaitLines(out, WINDOWS.size());
    awaitLines(bad, 2);
    engine.cancel(job);

    assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(WINDOWS);
    assertLate(lines(bad), "whole");
  }

  @Test
  void aWindowStoppedWithASavepointMidWindowResumesToTheSameResult() throws IOException {
    Path in = tmp.resolve("resumed/in");
    Path out = tmp.resolve("resumed/out");
    Path bad = tmp.resolve("resumed/bad");
    Files.createDirectories(in);
    ExecutionPlan plan = windowPlan(in, out, bad);
    JobHandle first =
        engine.submit("resumed", compiler.forRun(plan, "resumed", null), Optional.empty());
    drop(in, "1.csv", FIRST);
    awaitLines(out, 2);
    awaitLines(bad, 1);

    // Window [10s, 20s) holds b 5, b 7 and a 8 in state now.
    String savepoint = engine.stopWithSavepoint(first);
    assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(WINDOWS.subList(0, 2));

    drop(in, "2.csv", SECOND);
    JobHandle second =
        engine.submit("resumed", compiler.forRun(plan, "resumed", null), Optional.of(savepoint));
    awaitLines(out, WINDOWS.size());
    awaitLines(bad, 2);
    engine.cancel(second);

    assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(WINDOWS);
    assertLate(lines(bad), "resumed");
  }

  @Test
  void aRouteSendsEachRecordToItsFirstMatchingBranchAndAUnionAndSqlMergeThem() throws IOException {
    Path in = tmp.resolve("route/in");
    Path big = tmp.resolve("route/big");
    Path rest = tmp.resolve("route/rest");
    Files.createDirectories(in);
    ExecutionPlan plan =
        plan(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "events", "type": "file-directory",
                "config": {"path": "%s", "discoveryInterval": "100ms",
                           "fields": ["who: string", "amount: long", "at: timestamp"]}},
               {"id": "split", "type": "route",
                "config": {"routes": ["big: amount >= 10", "mid: amount >= 5"]}},
               {"id": "merged", "type": "union"},
               {"id": "label", "type": "sql",
                "config": {"query": "SELECT who, amount * 10 AS tenfold FROM merged WHERE who <> 'c'"}},
               {"id": "big", "type": "file-directory-sink", "config": {"path": "%s"}},
               {"id": "rest", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "events"}, "to": {"node": "split"}},
                       {"from": {"node": "split", "port": "big"}, "to": {"node": "big"}},
                       {"from": {"node": "split", "port": "mid"}, "to": {"node": "merged"}},
                       {"from": {"node": "split", "port": "default"}, "to": {"node": "merged"}},
                       {"from": {"node": "merged"}, "to": {"node": "label"}},
                       {"from": {"node": "label"}, "to": {"node": "rest"}}],
             "settings": {"checkpointInterval": "200ms", "parallelism": 1,
                          "restartPolicy": {"type": "none"},
                          "deadLetter": {"type": "directory", "path": "%s"}}}
            """
                .formatted(in, big, rest, tmp.resolve("route/bad")));
    JobHandle job = engine.submit("route", compiler.forRun(plan, "route", null), Optional.empty());

    drop(in, "1.csv", FIRST);
    drop(in, "2.csv", SECOND);
    awaitLines(big, 4);
    awaitLines(rest, 9);
    engine.cancel(job);

    assertThat(lines(big))
        .containsExactlyInAnyOrder(
            "b,10,2026-01-01T00:00:10",
            "a,11,2026-01-01T00:00:23",
            "b,12,2026-01-01T00:00:04",
            "c,13,2026-01-01T00:01");
    // 1 to 4 take the default port, 5 to 9 the mid branch; both reach the union.
    assertThat(lines(rest))
        .containsExactlyInAnyOrder(
            "a,10", "b,20", "a,30", "a,40", "b,50", "a,60", "b,70", "a,80", "a,90");
  }

  @Test
  void deduplicateKeepsTheFirstRecordPerKeyWithinItsWindowAndSendsLateOnesToTheDeadLetter()
      throws IOException {
    Path in = tmp.resolve("dedupe/in");
    Path out = tmp.resolve("dedupe/out");
    Path bad = tmp.resolve("dedupe/bad");
    Files.createDirectories(in);
    ExecutionPlan plan =
        plan(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "events", "type": "file-directory",
                "config": {"path": "%s", "discoveryInterval": "100ms",
                           "fields": ["who: string", "amount: long", "at: timestamp"]}},
               {"id": "once", "type": "deduplicate",
                "config": {"keyFields": ["who"], "within": "10s", "timeField": "at"}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "events"}, "to": {"node": "once"}},
                       {"from": {"node": "once"}, "to": {"node": "out"}}],
             "settings": {"checkpointInterval": "200ms", "parallelism": 1,
                          "restartPolicy": {"type": "none"},
                          "deadLetter": {"type": "directory", "path": "%s"}}}
            """
                .formatted(in, out, bad));
    JobHandle job =
        engine.submit("dedupe", compiler.forRun(plan, "dedupe", null), Optional.empty());

    drop(in, "1.csv", FIRST);
    awaitLines(out, 3);
    drop(in, "2.csv", SECOND);
    awaitLines(out, 4);
    awaitLines(bad, 2);
    engine.cancel(job);

    // a: 1 opens [1s, 11s), 15 opens the next; b: 2 opens [3s, 13s); c: 13. With the default
    // 5s delay, b 10 and b 12 arrive after time reached 13.999s: late.
    assertThat(lines(out))
        .containsExactlyInAnyOrder(
            "a,1,2026-01-01T00:00:01",
            "b,2,2026-01-01T00:00:03",
            "a,8,2026-01-01T00:00:15",
            "c,13,2026-01-01T00:01");
    assertThat(lines(bad))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("\"node\":\"once\"", "Late: its event time"))
        .anySatisfy(l -> assertThat(l).contains("\\\"amount\\\":10"))
        .anySatisfy(l -> assertThat(l).contains("\\\"amount\\\":12"));
  }

  private static void assertLate(List<String> deadLetters, String pipeline) {
    assertThat(deadLetters)
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("\"pipeline\":\"" + pipeline + "\"", "\"node\":\"w\"")
                    .contains("\"source\":\"events\"", "Late: its event time"));
    assertThat(deadLetters)
        .anySatisfy(l -> assertThat(l).contains("\\\"amount\\\":6", "2026-01-01T00:00:09 is in"))
        .anySatisfy(l -> assertThat(l).contains("\\\"amount\\\":12", "2026-01-01T00:00:04 is in"));
  }

  /** Writes a file under a hidden name and renames it, so it is never read half-written. */
  private static void drop(Path dir, String name, String content) throws IOException {
    Path part = dir.resolve("." + name + ".tmp");
    Files.writeString(part, content);
    Files.move(part, dir.resolve(name));
  }

  private static void awaitLines(Path dir, int count) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lines(dir).size() >= count);
  }

  /** Lines of committed files only (uncommitted ones are hidden, starting with a dot). */
  private static List<String> lines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(dir)) {
      return lines;
    }
    try (var files = Files.walk(dir)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
