package io.sluice.executor.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Previews on known input: the records of every port (filter, derive, an event-time window that
 * fires at the end of the sample), the dead letters with their reasons, and nothing written where
 * the sinks and the dead-letter directory point.
 */
class PreviewerIT {
  @TempDir Path tmp;

  private static final String ORDERS =
      """
      who,amount,at
      a,1,2026-01-01T00:00:01
      b,2,2026-01-01T00:00:03
      a,3,2026-01-01T00:00:08
      b,oops,2026-01-01T00:00:09
      a,4,2026-01-01T00:00:12
      b,5,2026-01-01T00:00:15
      """;

  private ExecutionPlan plan(Path in, Path out, Path deadLetters) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "orders", "type": "file-directory",
            "config": {"path": "%s", "fields": ["who: string", "amount: long", "at: timestamp"]}},
           {"id": "big", "type": "filter", "config": {"condition": "amount > 1"}},
           {"id": "twice", "type": "derive", "config": {"fields": ["double_amount = amount * 2"]}},
           {"id": "w", "type": "window-aggregate",
            "config": {"window": "tumbling", "size": "10s", "timeField": "at",
                       "watermarkDelay": "0s", "groupBy": ["who"],
                       "aggregates": ["n = count(*)", "total = sum(double_amount)"]}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
         "edges": [{"from": {"node": "orders"}, "to": {"node": "big"}},
                   {"from": {"node": "big"}, "to": {"node": "twice"}},
                   {"from": {"node": "twice"}, "to": {"node": "w"}},
                   {"from": {"node": "w"}, "to": {"node": "out"}}],
         "settings": {"parallelism": 2,
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(in, out, deadLetters);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static Map<String, PreviewResult.PortSample> byNode(PreviewResult result) {
    return result.ports().stream()
        .collect(Collectors.toMap(PreviewResult.PortSample::node, p -> p));
  }

  private static List<String> lines(PreviewResult.PortSample port) {
    return port.rows().stream()
        .map(r -> r.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .sorted()
        .toList();
  }

  @Test
  void recordsOfEveryPortAndDeadLettersComeBackAndNothingIsWritten() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("orders.csv"), ORDERS);
    Path out = tmp.resolve("out");
    Path deadLetters = tmp.resolve("dead");

    PreviewResult result =
        new Previewer(tmp.resolve("flink"), 2)
            .run(
                plan(in, out, deadLetters),
                new Previewer.Options(100, Duration.ofSeconds(60), Map.of()));

    assertThat(result.truncated()).isFalse();
    Map<String, PreviewResult.PortSample> ports = byNode(result);
    assertThat(ports).containsOnlyKeys("orders", "big", "twice", "w");
    assertThat(ports.get("orders").count()).isEqualTo(5);
    assertThat(lines(ports.get("big")))
        .containsExactly(
            "a,3,2026-01-01T00:00:08",
            "a,4,2026-01-01T00:00:12",
            "b,2,2026-01-01T00:00:03",
            "b,5,2026-01-01T00:00:15");
    assertThat(ports.get("twice").fields())
        .extracting(PreviewResult.FieldView::name)
        .containsExactly("who", "amount", "at", "double_amount");
    // Both windows close at the end of the sample, the second one only by the final watermark.
    assertThat(lines(ports.get("w")))
        .containsExactly(
            "2026-01-01T00:00,2026-01-01T00:00:10,a,1,6",
            "2026-01-01T00:00,2026-01-01T00:00:10,b,1,4",
            "2026-01-01T00:00:10,2026-01-01T00:00:20,a,1,8",
            "2026-01-01T00:00:10,2026-01-01T00:00:20,b,1,10");
    assertThat(result.deadLetters()).hasSize(1);
    PreviewResult.DeadLetterSample bad = result.deadLetters().get(0);
    assertThat(bad.node()).isEqualTo("orders");
    assertThat(bad.raw()).isEqualTo("b,oops,2026-01-01T00:00:09");
    assertThat(bad.source()).endsWith("orders.csv:5");
    assertThat(bad.reason()).contains("amount");

    assertThat(out).doesNotExist();
    assertThat(deadLetters).doesNotExist();
  }

  @Test
  void aSampleFileIsReadInPlaceOfTheDirectoryAndLimitsCutEverySource() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("orders.csv"), ORDERS);
    Path sample = tmp.resolve("sample.csv");
    Files.writeString(
        sample,
        """
        who,amount,at
        z,7,2026-01-01T00:00:01
        z,8,2026-01-01T00:00:02
        z,9,2026-01-01T00:00:03
        """);

    PreviewResult result =
        new Previewer(tmp.resolve("flink"), 2)
            .run(
                plan(in, tmp.resolve("out"), tmp.resolve("dead")),
                new Previewer.Options(
                    2, Duration.ofSeconds(60), Map.of(new NodeId("orders"), sample)));

    Map<String, PreviewResult.PortSample> ports = byNode(result);
    assertThat(lines(ports.get("orders")))
        .containsExactly("z,7,2026-01-01T00:00:01", "z,8,2026-01-01T00:00:02");
    assertThat(result.deadLetters()).isEmpty();
  }

  @Test
  void aRecordASqlQueryFailsOnIsADeadLetterOfTheSqlNode() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("orders.csv"), ORDERS);
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "orders", "type": "file-directory",
                "config": {"path": "%s", "fields": ["who: string", "amount: long", "at: timestamp"]}},
               {"id": "q", "type": "sql",
                "config": {"query": "SELECT who, 12 / (amount - 2) AS r FROM orders",
                           "onError": "dead-letter"}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "orders"}, "to": {"node": "q"}},
                       {"from": {"node": "q"}, "to": {"node": "out"}}]}
            """
                .formatted(in, tmp.resolve("out")));
    assertThat(read.problems()).isEmpty();
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());

    PreviewResult result =
        new Previewer(tmp.resolve("flink"), 1)
            .run(plan, new Previewer.Options(100, Duration.ofSeconds(60), Map.of()));

    assertThat(result.truncated()).as(result.reason()).isFalse();
    assertThat(lines(byNode(result).get("q"))).containsExactly("a,-12", "a,12", "a,6", "b,4");
    assertThat(result.deadLetters())
        .extracting(PreviewResult.DeadLetterSample::node)
        .containsExactlyInAnyOrder("orders", "q");
    PreviewResult.DeadLetterSample bad =
        result.deadLetters().stream().filter(d -> d.node().equals("q")).findFirst().orElseThrow();
    assertThat(bad.source()).isEqualTo("orders");
    assertThat(bad.raw()).contains("\"who\":\"b\"", "\"amount\":2");
    assertThat(bad.reason()).startsWith("SELECT who, 12 / (amount - 2) AS r FROM orders failed: ");
  }

  @Test
  void anEmptyDirectoryGivesEmptyPorts() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));

    PreviewResult result =
        new Previewer(tmp.resolve("flink"), 1)
            .run(
                plan(in, tmp.resolve("out"), tmp.resolve("dead")),
                new Previewer.Options(10, Duration.ofSeconds(60), Map.of()));

    assertThat(result.truncated()).as(result.reason()).isFalse();
    assertThat(byNode(result).get("orders").count()).isZero();
    assertThat(byNode(result).get("w").rows()).isEmpty();
  }

  @Test
  void anEndlessGeneratorIsCutToTheLimit() {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "gen", "type": "generator", "config": {}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "gen"}, "to": {"node": "out"}}]}
            """
                .formatted(tmp.resolve("out")));
    assertThat(read.problems()).isEmpty();
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());

    PreviewResult result =
        new Previewer(tmp.resolve("flink"), 1)
            .run(plan, new Previewer.Options(25, Duration.ofSeconds(60), Map.of()));

    assertThat(result.ports()).hasSize(1);
    assertThat(result.ports().get(0).count()).isEqualTo(25);
    assertThat(result.ports().get(0).rows()).hasSize(25);
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aPreviewOutOfTimeIsCancelledAndSaysWhy() {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "gen", "type": "generator", "config": {}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "gen"}, "to": {"node": "out"}}]}
            """
                .formatted(tmp.resolve("out")));
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());

    // A cluster cannot even start within a millisecond.
    PreviewResult result =
        new Previewer(tmp.resolve("flink"), 1)
            .run(plan, new Previewer.Options(10_000, Duration.ofMillis(1), Map.of()));

    assertThat(result.truncated()).isTrue();
    assertThat(result.reason()).contains("did not finish within");
  }

  @Test
  void aPreviewBeyondTheConcurrencyIsRefusedAtOnce() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    // A named pipe as the sample: the first preview waits in reading it, holding its slot, until
    // the test writes the sample.
    Path fifo = tmp.resolve("sample.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // JSON lines: a CSV source would open the file once more for its header.
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "orders", "type": "file-directory",
                "config": {"path": "%s", "format": "json-lines", "fields": ["who: string"]}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "orders"}, "to": {"node": "out"}}]}
            """
                .formatted(in, tmp.resolve("out")));
    assertThat(read.problems()).isEmpty();
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
    Previewer previewer = new Previewer(tmp.resolve("flink"), 1);
    Previewer.Options options =
        new Previewer.Options(10, Duration.ofSeconds(60), Map.of(new NodeId("orders"), fifo));
    java.util.concurrent.CompletableFuture<PreviewResult> first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> previewer.run(plan, options));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> previewer.running() == 1);

    assertThatThrownBy(() -> previewer.run(plan, options))
        .isInstanceOf(PreviewBusyException.class)
        .hasMessageContaining("1 preview is running");

    Files.writeString(fifo, "{\"who\": \"q\"}\n");
    PreviewResult result = first.get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(byNode(result).get("orders").count()).isEqualTo(1);
    assertThat(previewer.running()).isZero();
  }

  @Test
  void aSampleForANodeThatReadsNoFilesIsRefused() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path sample = Files.writeString(tmp.resolve("s.csv"), "who,amount,at\n");
    ExecutionPlan plan = plan(in, tmp.resolve("out"), tmp.resolve("dead"));

    assertThatThrownBy(
            () ->
                new Previewer(tmp.resolve("flink"), 1)
                    .run(
                        plan,
                        new Previewer.Options(
                            10, Duration.ofSeconds(60), Map.of(new NodeId("big"), sample))))
        .isInstanceOf(PreviewException.class)
        .hasMessageContaining("'big' is not a file-directory source");
  }
}
