package io.sluice.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.model.schema.RecordSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The source in a real MiniCluster, over real files. */
@Timeout(180)
class FileDirectorySourceIT {
  private static final RecordSchema TEXT =
      RecordSchema.parse(List.of("file: string", "n: long")).schema();

  @TempDir Path tmp;

  private Path in;

  private Path dir(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name));
  }

  private StreamExecutionEnvironment env(Configuration extra) throws IOException {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, dir("flink-tmp").toString());
    conf.addAll(extra);
    return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
  }

  private FileDirectorySourceSettings settings(
      Path directory, FileFormat format, RecordSchema schema, boolean bounded) {
    return new FileDirectorySourceSettings(
        directory,
        "*",
        true,
        Duration.ofMillis(100),
        format,
        CsvOptions.defaults(),
        schema,
        bounded);
  }

  /** Good rows as their fields joined by {@code |}, bad records as {@code BAD source reason}. */
  static final class ToText implements MapFunction<Either<Row, BadRecord>, String> {
    @Override
    public String map(Either<Row, BadRecord> value) {
      if (value.isRight()) {
        BadRecord bad = value.right();
        return "BAD " + bad.source() + " [" + bad.raw() + "] " + bad.reason();
      }
      Row row = value.left();
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < row.getArity(); i++) {
        fields.add(String.valueOf(row.getField(i)));
      }
      return String.join("|", fields);
    }
  }

  private DataStream<String> read(StreamExecutionEnvironment env, FileDirectorySourceSettings s) {
    return env.fromSource(new FileDirectorySource(s), WatermarkStrategy.noWatermarks(), "files")
        .uid("source")
        .map(new ToText())
        .returns(Types.STRING)
        .uid("to-text");
  }

  @Test
  void readsCsvWithEveryTypeAndTurnsBadLinesIntoBadRecords() throws Exception {
    in = dir("csv");
    Files.writeString(
        in.resolve("a.csv"),
        """
        name,count,ratio,amount,active,day,at
        "Smith, Jane",1,0.5,12.50,true,2026-11-24,2026-11-24T05:00:00
        ,2,,,false,2026-11-25,2026-11-25 06:00:00

        bad,three,0.5,1,true,2026-11-24,2026-11-24T05:00:00
        short,4
        "multi
        line",5,1e3,-1,FALSE,2026-01-01,2026-01-01T00:00
        """,
        StandardCharsets.UTF_8);
    RecordSchema schema =
        RecordSchema.parse(
                List.of(
                    "name: string",
                    "count: long",
                    "ratio: double",
                    "amount: decimal",
                    "active: boolean",
                    "day: date",
                    "at: timestamp"))
            .schema();

    List<String> out =
        read(env(new Configuration()), settings(in, FileFormat.CSV, schema, true))
            .executeAndCollect(100);

    String file = in.resolve("a.csv").toString();
    assertThat(out)
        .containsExactlyInAnyOrder(
            "Smith, Jane|1|0.5|12.50|true|2026-11-24|2026-11-24T05:00",
            "null|2|null|null|false|2026-11-25|2026-11-25T06:00",
            "BAD "
                + file
                + ":5 [bad,three,0.5,1,true,2026-11-24,2026-11-24T05:00:00] Field 'count':"
                + " 'three' is not a valid long",
            "BAD " + file + ":6 [short,4] Expected 7 columns, found 2",
            "multi\nline|5|1000.0|-1|false|2026-01-01|2026-01-01T00:00");
  }

  @Test
  void readsJsonLinesAndReportsBadJson() throws Exception {
    in = dir("json");
    Files.writeString(
        in.resolve("a.jsonl"),
        """
        {"file": "a", "n": 1}
        {"file": "a", "n":
        {"file": "a", "n": "2"}
        """);

    List<String> out =
        read(env(new Configuration()), settings(in, FileFormat.JSON_LINES, TEXT, true))
            .executeAndCollect(100);

    assertThat(out).hasSize(3).contains("a|1", "a|2");
    assertThat(out)
        .filteredOn(line -> line.startsWith("BAD "))
        .singleElement()
        .asString()
        .startsWith(
            "BAD " + in.resolve("a.jsonl") + ":2 [{\"file\": \"a\", \"n\":] Not valid JSON");
  }

  @Test
  void picksUpRenamedFilesAndIgnoresHiddenAndTemporaryOnes() throws Exception {
    in = dir("watched");
    writeCsv(in.resolve("a.csv"), "a", 2);

    try (CloseableIterator<String> out =
        read(env(new Configuration()), settings(in, FileFormat.CSV, TEXT, false))
            .executeAndCollect()) {
      assertThat(next(out, 2)).containsExactlyInAnyOrder("a|0", "a|1");

      Path temporary = in.resolve(".b.csv.tmp");
      writeCsv(temporary, "b", 3);
      writeCsv(in.resolve("_ignored.csv"), "ignored", 1);
      writeCsv(in.resolve("c.csv.part"), "ignored", 1);
      writeCsv(in.resolve("d.csv.inprogress"), "ignored", 1);
      writeCsv(in.resolve("e.csv.crdownload"), "ignored", 1);
      writeCsv(dir("watched/.staging").resolve("f.csv"), "ignored", 1);
      Files.move(temporary, in.resolve("sub-dir-less-b.csv"), StandardCopyOption.ATOMIC_MOVE);
      assertThat(next(out, 3)).containsExactlyInAnyOrder("b|0", "b|1", "b|2");

      // Read after everything above: had an ignored file been picked up, it would come first.
      writeCsv(dir("watched/later").resolve("z.csv"), "z", 1);
      assertThat(next(out, 1)).containsExactly("z|0");
    }
  }

  @Test
  void resumesFromASavepointWithEveryLineExactlyOnce() throws Exception {
    in = dir("many");
    int files = 20;
    int lines = 5_000;
    for (int f = 0; f < files; f++) {
      writeCsv(in.resolve(String.format("part-%02d.csv", f)), "f" + f, lines);
    }
    Path out = dir("out");
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, dir("savepoints").toUri().toString());

    JobClient first = pipeline(env(conf), out).executeAsync("first");
    waitUntil(() -> committedLines(out).size() > 0);
    String savepoint = first.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL).get();
    int afterFirst = committedLines(out).size();

    Configuration resume = new Configuration(conf);
    resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    JobClient second = pipeline(env(resume), out).executeAsync("second");
    waitUntil(() -> committedLines(out).size() >= files * lines);
    second.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL).get();

    List<String> all = committedLines(out);
    Set<String> expected = new HashSet<>();
    for (int f = 0; f < files; f++) {
      for (int n = 0; n < lines; n++) {
        expected.add("f" + f + "|" + n);
      }
    }
    assertThat(afterFirst)
        .as("the first run stopped in the middle")
        .isBetween(1, files * lines - 1);
    assertThat(all).hasSize(files * lines).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).isEqualTo(expected);
  }

  private StreamExecutionEnvironment pipeline(StreamExecutionEnvironment env, Path out) {
    env.enableCheckpointing(200);
    FileSink<String> sink =
        FileSink.forRowFormat(
                new org.apache.flink.core.fs.Path(out.toUri()),
                new SimpleStringEncoder<String>("UTF-8"))
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .build();
    read(env, settings(in, FileFormat.CSV, TEXT, false))
        .map(new Throttle())
        .uid("throttle")
        .sinkTo(sink)
        .uid("sink");
    return env;
  }

  /** Slows the job down so that the first run is stopped with files still unread. */
  static final class Throttle implements MapFunction<String, String> {
    private long seen;

    @Override
    public String map(String value) throws InterruptedException {
      if (++seen % 25 == 0) {
        Thread.sleep(1);
      }
      return value;
    }
  }

  private static void writeCsv(Path file, String name, int lines) throws IOException {
    StringBuilder text = new StringBuilder("file,n\n");
    for (int n = 0; n < lines; n++) {
      text.append(name).append(',').append(n).append('\n');
    }
    Files.writeString(file, text);
  }

  private static List<String> next(CloseableIterator<String> out, int count) {
    List<String> taken = new ArrayList<>();
    while (taken.size() < count && out.hasNext()) {
      taken.add(out.next());
    }
    return taken;
  }

  /** Committed part files only: FileSink keeps in-progress and pending files hidden. */
  /**
   * The lines of committed (visible) part files. Flink may still be removing its hidden in-progress
   * files while we list, so a listing that trips over a vanished file is retried.
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
        // Files.walk reports a vanished file as UncheckedIOException(NoSuchFileException).
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
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(50))
        .until(condition::holds);
  }
}
