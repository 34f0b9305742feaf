package io.sluice.executor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.generator.GeneratedRecords;
import io.sluice.connectors.generator.GeneratorSource;
import io.sluice.executor.cluster.FlinkProcessCluster;
import io.sluice.executor.engine.JobStatusView.State;
import io.sluice.executor.metrics.FlinkMetrics;
import io.sluice.executor.metrics.OperatorIds;
import io.sluice.executor.plan.Uids;
import io.sluice.executor.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote placement on a real multi-process Flink cluster: a JobManager and TaskManagers as JVMs
 * of their own, checkpointing to S3 (s3proxy). A parallelism-2 job spreads over two one-slot
 * TaskManagers; one of them is killed with SIGKILL mid-stream and a replacement joins; the job
 * recovers from its S3 checkpoint, is stopped with a savepoint and resumed from it, and the file
 * sink's committed files hold every record exactly once.
 */
class RemoteEngineIT {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteEngineIT.class);
  private static final long STARTED = System.nanoTime();

  private static final long SEED = 11;
  private static final long COUNT = 100_000;

  /**
   * The first job's rate: slow enough that it is still running when the TaskManager dies and when
   * it is stopped, even on a busy machine. The job resumed from the savepoint runs at full speed.
   */
  private static final double RATE = 2_000;

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /** Three JVMs loading Flink: seconds on an idle machine, much longer on a busy one. */
  private static final Duration CLUSTER_START = Duration.ofSeconds(150);

  private static final String KEY = "remote-orders";

  @TempDir static Path tmp;

  private static ObjectStore store;
  private static FlinkProcessCluster cluster;
  private static RemoteEngine engine;

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStore.embedded(tmp.resolve("s3"));
    // Under target/, not the @TempDir: the processes' logs outlive a failed run.
    Path clusterDir =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")), "remote-engine-it-");
    cluster = FlinkProcessCluster.start(clusterDir, store, 1);
    cluster.startTaskManager();
    cluster.startTaskManager();
    await()
        .atMost(CLUSTER_START)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> cluster.registeredTaskManagers().size() == 2);
    phase("cluster up");
    engine =
        RemoteEngine.connect(
            RemoteEngineSettings.of(cluster.restAddress())
                .withCheckpointInterval(Duration.ofMillis(500)),
            store);
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aJobSpreadOverTwoTaskManagersSurvivesTheLossOfOneAndDeliversEveryRecordOnce() {
    Path out = tmp.resolve("out");
    JobHandle job = engine.submit(KEY, job(out, RATE), Optional.empty());

    // Parallelism 2 on one-slot TaskManagers: both run a share of every task.
    await()
        .atMost(PATIENCE)
        .until(() -> engine.status(job).state() == State.RUNNING && runsOnBoth(job));
    phase("job running on both TaskManagers");
    Set<String> before = new HashSet<>(cluster.registeredTaskManagers());
    await().atMost(PATIENCE).until(() -> engine.latestRetainedCheckpoint(KEY).isPresent());
    await().atMost(PATIENCE).until(() -> !committedLines(out).isEmpty());

    phase("first checkpoint and output seen");
    assertThat(engine.status(job).state())
        .as("still running when a TaskManager dies")
        .isEqualTo(State.RUNNING);
    // SIGKILL one TaskManager mid-stream; a replacement joins.
    Process victim = cluster.taskManagers().get(0);
    victim.destroyForcibly();
    cluster.startTaskManager();

    await().atMost(PATIENCE).until(() -> !engine.restartCauses(job).isEmpty());
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              List<String> now = cluster.registeredTaskManagers();
              return now.size() == 2 && !before.containsAll(now);
            });
    await()
        .atMost(PATIENCE)
        .until(() -> engine.status(job).state() == State.RUNNING && runsOnBoth(job));
    phase("recovered on the replacement");
    // Metrics come from the REST API in the same model as embedded mode.
    // Both subtasks' source metrics, the replacement TaskManager's too once Flink fetched them.
    await()
        .atMost(PATIENCE)
        .until(() -> sourceSubtasksCounting(engine.metrics(job)).equals(Set.of(0, 1)));
    FlinkMetrics metrics = engine.metrics(job).orElseThrow();
    assertThat(metrics.job()).containsKey("numberOfCompletedCheckpoints");
    assertThat(metrics.job().get("numRestarts")).isPositive();

    assertThat(engine.restartCauses(job).get(0).cause()).isNotBlank();
    long committedAfterRecovery = committedLines(out).size();
    await().atMost(PATIENCE).until(() -> committedLines(out).size() > committedAfterRecovery);

    phase("output after recovery");
    String savepoint = engine.stopWithSavepoint(job);
    assertThat(savepoint).startsWith("s3://" + store.bucket() + "/savepoints/" + KEY + "/");
    assertThat(engine.status(job).state()).isEqualTo(State.STOPPED);
    assertThat(engine.latestRestorePoint(KEY)).contains(savepoint);
    assertThat(committedLines(out)).hasSizeLessThan((int) COUNT);

    phase("stopped with a savepoint");
    JobHandle resumed = engine.submit(KEY, job(out, 0), engine.latestRestorePoint(KEY));
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> engine.status(resumed).state().isTerminal());

    phase("resumed job finished");
    assertThat(engine.status(resumed).state()).isEqualTo(State.FINISHED);
    List<String> lines = committedLines(out);
    List<String> expected =
        LongStream.range(0, COUNT)
            .mapToObj(id -> line(GeneratedRecords.record(SEED, id)))
            .collect(Collectors.toList());
    // As sets (AssertJ's in-any-order comparison is quadratic): as many lines as records, and the
    // same lines, so none is missing and none came twice.
    assertThat(lines).hasSize((int) COUNT);
    assertThat(new HashSet<>(lines)).isEqualTo(new HashSet<>(expected));
  }

  private static void phase(String what) {
    LOG.info("{} after {} s", what, (System.nanoTime() - STARTED) / 1_000_000_000);
  }

  private static boolean runsOnBoth(JobHandle job) {
    Set<String> registered = new HashSet<>(cluster.registeredTaskManagers());
    return engine.taskManagersOf(job).values().stream()
        .allMatch(
            where ->
                where.size() == 2
                    && new HashSet<>(where).size() == 2
                    && registered.containsAll(where));
  }

  /** The source's subtasks whose records-out count is positive. */
  private static Set<Integer> sourceSubtasksCounting(Optional<FlinkMetrics> metrics) {
    String source = OperatorIds.of(Uids.of("gen", "source"));
    return metrics.stream()
        .flatMap(m -> m.operators().stream())
        .filter(o -> o.id().equals(source))
        .filter(o -> o.values().getOrDefault("numRecordsOut", 0.0) > 0)
        .map(FlinkMetrics.Scoped::subtask)
        .collect(Collectors.toSet());
  }

  private static StreamGraphBuilder job(Path out, double rate) {
    return env -> {
      env.setParallelism(2);
      GeneratorSource source =
          GeneratorSource.builder().seed(SEED).count(COUNT).recordsPerSecond(rate).build();
      env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
          .uid(Uids.of("gen", "source"))
          .map(RemoteEngineIT::line)
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

  /**
   * Lines of committed files only: the file sink keeps uncommitted ones hidden (".part-..."). A
   * hidden file may be renamed while the folder is walked; then the walk starts again.
   */
  private static List<String> committedLines(Path out) {
    while (true) {
      try {
        return scan(out);
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      }
    }
  }

  private static List<String> scan(Path out) {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .flatMap(RemoteEngineIT::lines)
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
}
