package io.sluice.connectors.logtail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.file.BadRecord;
import io.sluice.model.logtail.LogTailSchema.LogFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The source in a real MiniCluster, following real files while they are written and rotated. */
@Timeout(180)
class LogTailSourceIT {
  @TempDir Path tmp;

  /** Set by the failing map the first time it meets its line; the test JVM runs the job. */
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private Path dir(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name));
  }

  private StreamExecutionEnvironment env(Configuration extra) throws IOException {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, dir("flink-tmp").toString());
    conf.addAll(extra);
    return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
  }

  private static LogTailSettings text(Path logs, String glob) {
    return new LogTailSettings(
        logs.toString(),
        glob,
        false,
        Duration.ofMillis(50),
        LogTailSettings.Multiline.NONE,
        LogFormat.TEXT,
        null,
        List.of(),
        List.of(),
        null,
        "auto",
        null,
        "UTF-8");
  }

  /** Fails the job once, at a given line, so that it restarts from its last checkpoint. */
  static final class FailOnce implements MapFunction<Either<Row, BadRecord>, String> {
    private final String at;

    FailOnce(String at) {
      this.at = at;
    }

    @Override
    public String map(Either<Row, BadRecord> value) {
      String line = value.isLeft() ? (String) value.left().getField(0) : "BAD " + value.right();
      if (line.equals(at) && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("failing once at " + at);
      }
      return line;
    }
  }

  @Test
  void everyLineArrivesOnceThroughRenameCopytruncateAndAFailure() throws Exception {
    FAILED.set(false);
    Path logs = dir("logs");
    Path out = dir("out");
    Path app = logs.resolve("app.log");
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, dir("savepoints").toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = env(conf);
    env.enableCheckpointing(200);
    FileSink<String> sink =
        FileSink.forRowFormat(
                new org.apache.flink.core.fs.Path(out.toUri()),
                new SimpleStringEncoder<String>("UTF-8"))
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .build();
    env.fromSource(
            new LogTailSource(text(logs, "app.log")), WatermarkStrategy.noWatermarks(), "logs")
        .uid("source")
        .map(new FailOnce("line 3500"))
        .returns(Types.STRING)
        .uid("fail-once")
        .sinkTo(sink)
        .uid("sink");
    JobClient job = env.executeAsync("log-tail");

    append(app, 1, 2000);
    waitUntil(() -> committedLines(out).size() >= 1000);
    // logrotate's default: rename, then the writer opens a new file; it may still write a little
    // to the old one first.
    append(app, 2001, 2500);
    Files.move(app, logs.resolve("app.log.1"));
    append(logs.resolve("app.log.1"), 2501, 2600);
    append(app, 2601, 4000);
    waitUntil(() -> committedLines(out).size() >= 3000);
    // copytruncate: copy, then truncate in place; lines not yet read are only in the copy.
    append(app, 4001, 4500);
    Files.copy(app, logs.resolve("app.log.2"));
    try (FileChannel channel = FileChannel.open(app, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(app, 4501, 6000);
    waitUntil(() -> committedLines(out).size() >= 5000);
    Files.delete(logs.resolve("app.log.1"));
    append(app, 6001, 8000);
    waitUntil(() -> committedLines(out).size() >= 8000);
    job.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL).get();

    List<String> all = committedLines(out);
    assertThat(FAILED).as("the job failed and restarted once").isTrue();
    assertThat(all).hasSize(8000).doesNotHaveDuplicates();
    Set<String> expected = new HashSet<>();
    IntStream.rangeClosed(1, 8000).forEach(i -> expected.add("line " + i));
    assertThat(new HashSet<>(all)).isEqualTo(expected);
  }

  /** Rows and bad records as text, with the record's event time. */
  static final class WithTime extends ProcessFunction<Either<Row, BadRecord>, String> {
    @Override
    public void processElement(Either<Row, BadRecord> value, Context ctx, Collector<String> out) {
      if (value.isRight()) {
        out.collect("BAD " + value.right().source() + " " + value.right().reason());
      } else {
        Row row = value.left();
        out.collect(row.getField(0) + " " + row.getField(8) + " @" + ctx.timestamp());
      }
    }
  }

  @Test
  void grokLinesCarryTheirEventTimeAndBadLinesTheirReason() throws Exception {
    Path logs = dir("web");
    Path access = logs.resolve("access.log");
    Files.writeString(
        access,
        """
        10.0.0.1 - - [02/Dec/2026:04:13:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl"
        not an access log line
        10.0.0.2 - - [02/Dec/2026:04:13:01 +0000] "GET /x HTTP/1.1" 404 0 "-" "curl"
        """);
    LogTailSettings settings =
        new LogTailSettings(
            logs.toString(),
            "*.log",
            false,
            Duration.ofMillis(50),
            LogTailSettings.Multiline.NONE,
            LogFormat.GROK,
            "%{COMBINEDAPACHELOG}",
            List.of(),
            List.of(),
            "timestamp",
            "apache",
            null,
            "UTF-8");
    StreamExecutionEnvironment env = env(new Configuration());
    try (CloseableIterator<String> out =
        env.fromSource(
                new LogTailSource(settings),
                WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1)),
                "web")
            .process(new WithTime())
            .returns(Types.STRING)
            .executeAndCollect()) {
      List<String> got = new ArrayList<>();
      while (got.size() < 3 && out.hasNext()) {
        got.add(out.next());
      }
      assertThat(got)
          .containsExactly(
              "10.0.0.1 200 @1796184780000",
              "BAD " + access + " at byte 78 The line does not match the grok pattern",
              "10.0.0.2 404 @1796184781000");
    }
  }

  private static void append(Path file, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i <= to; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * The lines of committed (visible) part files; a listing that trips over a file Flink is removing
   * is retried.
   */
  private static List<String> committedLines(Path out) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        List<String> lines = new ArrayList<>();
        List<Path> visible;
        try (Stream<Path> files = Files.walk(out)) {
          visible =
              files
                  .filter(f -> !f.getFileName().toString().startsWith("."))
                  .filter(Files::isRegularFile)
                  .toList();
        }
        for (Path file : visible) {
          lines.addAll(Files.readAllLines(file));
        }
        return lines;
      } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  private interface IoCondition {
    boolean holds() throws IOException;
  }

  private static void waitUntil(IoCondition condition) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(condition::holds);
  }
}
