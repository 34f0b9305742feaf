package io.sluice.executor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.generator.GeneratedRecords;
import io.sluice.connectors.generator.GeneratorSource;
import io.sluice.executor.engine.JobStatusView.State;
import io.sluice.executor.plan.Uids;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.executor.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator feeding a file sink that commits on checkpoints, stopped and resumed through S3: the
 * committed files must hold every id exactly once, with the values the generator computes.
 */
class EmbeddedEngineIT {

  private static final long SEED = 7;

  /** 2 readers at 600 records/s together: about five seconds of data per test. */
  private static final long COUNT = 3_000;

  private static final double RATE = 600;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /** One engine for the class, as in Sluice: several pipelines share it. */
  @TempDir static Path tmp;

  private static ObjectStore store;
  private static EmbeddedEngine engine;

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStore.embedded(tmp.resolve("s3"));
    engine =
        EmbeddedEngine.start(
            EmbeddedEngineSettings.defaults(tmp.resolve("flink"))
                .withSlots(4)
                .withCheckpointInterval(Duration.ofMillis(300)),
            store);
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

  @Test
  void aJobStoppedWithASavepointResumesFromItAndDeliversEveryRecordOnce() {
    Path out = tmp.resolve("out-savepoint");
    JobHandle first = engine.submit("savepointed", job(out), Optional.empty());
    awaitCheckpointOnS3("savepointed");
    assertThat(engine.status(first).state()).isEqualTo(State.RUNNING);

    String savepoint = engine.stopWithSavepoint(first);

    assertThat(savepoint).startsWith("s3://" + store.bucket() + "/savepoints/savepointed/");
    assertThat(store.list(store.keyOf(savepoint) + "/"))
        .extracting(StoredObject::key)
        .contains(store.keyOf(savepoint) + "/_metadata");
    assertThat(engine.status(first).state()).isEqualTo(State.STOPPED);
    assertThat(committedLines(out)).hasSizeLessThan((int) COUNT);

    JobHandle second = engine.submit("savepointed", job(out), Optional.of(savepoint));
    awaitTerminal(second);

    assertThat(engine.status(second).state()).isEqualTo(State.FINISHED);
    assertExactlyOnce(committedLines(out));
  }

  @Test
  void aCancelledJobResumesFromItsRetainedCheckpointAndDeliversEveryRecordOnce() {
    Path out = tmp.resolve("out-cancel");
    JobHandle first = engine.submit("cancelled", job(out), Optional.empty());
    awaitCheckpointOnS3("cancelled");

    engine.cancel(first);

    assertThat(engine.status(first).state()).isEqualTo(State.STOPPED);
    Optional<String> retained = engine.latestRetainedCheckpoint("cancelled");
    assertThat(retained).get().asString().contains("/checkpoints/cancelled/" + first.jobId());

    JobHandle second = engine.submit("cancelled", job(out), retained);
    awaitTerminal(second);

    assertThat(engine.status(second).state()).isEqualTo(State.FINISHED);
    assertExactlyOnce(committedLines(out));
  }

  @Test
  void prunesCheckpointsOfEarlierJobsAndOldSavepointsButKeepsTheNewestRestorePoint() {
    Path out = tmp.resolve("out-prune");
    String key = "pruned";
    // A savepoint, then a cancelled job that leaves its checkpoints, then a second savepoint.
    JobHandle first = engine.submit(key, job(out), Optional.empty());
    awaitCheckpointOnS3(key);
    String firstSavepoint = engine.stopWithSavepoint(first);
    JobHandle second = engine.submit(key, job(out), Optional.of(firstSavepoint));
    await().atMost(PATIENCE).until(() -> checkpointJobs(key).contains(second.jobId()));
    engine.cancel(second);
    JobHandle third = engine.submit(key, job(out), engine.latestRestorePoint(key));
    await().atMost(PATIENCE).until(() -> checkpointJobs(key).contains(third.jobId()));
    String secondSavepoint = engine.stopWithSavepoint(third);
    assertThat(checkpointJobs(key)).contains(second.jobId());
    assertThat(store.list("savepoints/" + key + "/"))
        .anyMatch(o -> o.key().startsWith(store.keyOf(firstSavepoint) + "/"));

    int deleted = engine.pruneHistory(key, Optional.empty(), 1);

    assertThat(deleted).isPositive();
    assertThat(engine.latestRestorePoint(key)).contains(secondSavepoint);
    assertThat(checkpointJobs(key)).isEmpty(); // the newest restore point is a savepoint
    assertThat(store.list("savepoints/" + key + "/"))
        .extracting(StoredObject::key)
        .allMatch(k -> k.startsWith(store.keyOf(secondSavepoint) + "/"));

    JobHandle last = engine.submit(key, job(out), engine.latestRestorePoint(key));
    awaitTerminal(last);
    assertExactlyOnce(committedLines(out));
  }

  private static java.util.Set<String> checkpointJobs(String key) {
    return store.list("checkpoints/" + key + "/").stream()
        .filter(o -> o.key().endsWith("/_metadata"))
        .map(o -> o.key().split("/")[2])
        .collect(java.util.stream.Collectors.toSet());
  }

  private static StreamGraphBuilder job(Path out) {
    return env -> {
      env.setParallelism(2);
      GeneratorSource source =
          GeneratorSource.builder().seed(SEED).count(COUNT).recordsPerSecond(RATE).build();
      env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
          .uid(Uids.of("gen", "source"))
          .map(EmbeddedEngineIT::line)
          .uid(Uids.of("gen", "format"))
          .sinkTo(
              FileSink.forRowFormat(
                      new org.apache.flink.core.fs.Path(out.toUri()),
                      new SimpleStringEncoder<String>())
                  .withRollingPolicy(OnCheckpointRollingPolicy.build())
                  .build())
          .uid(Uids.of("out", "sink"));
    };
  }

  private static String line(Row row) {
    return row.getField(0) + "|" + row.getField(1) + "|" + row.getField(2) + "|" + row.getField(3);
  }

  private static void awaitCheckpointOnS3(String pipelineKey) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> engine.latestRetainedCheckpoint(pipelineKey).isPresent());
  }

  private static void awaitTerminal(JobHandle job) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> engine.status(job).state().isTerminal());
  }

  /** Lines of committed files only: the file sink keeps uncommitted ones hidden (".part-..."). */
  private static List<String> committedLines(Path out) {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .flatMap(EmbeddedEngineIT::lines)
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertExactlyOnce(List<String> lines) {
    List<String> expected =
        LongStream.range(0, COUNT)
            .mapToObj(id -> line(GeneratedRecords.record(SEED, id)))
            .collect(Collectors.toList());
    assertThat(lines).hasSize((int) COUNT);
    assertThat(lines).doesNotHaveDuplicates();
    assertThat(lines.stream().collect(Collectors.toMap(l -> l, Function.identity())).keySet())
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
