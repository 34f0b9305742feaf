package io.sluice.benchmarks;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.SplitBadRecords;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.logtail.LogTailSource;
import io.sluice.model.logtail.LogLinePattern;
import io.sluice.model.logtail.LogTailSchema.LogFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Log tail + grok parse, lines/s per core: Sluice's {@code log-tail} source (grok {@code
 * %{COMBINEDAPACHELOG}}, event time from the timestamp) against a hand-written Flink job that reads
 * the same file's lines with Flink's {@code FileSource} and parses them in a map with the same
 * regular expression, numbers and time; both at parallelism 1 in one MiniCluster per job, in the
 * same JVM, one after the other. Prints lines/s (wall), lines per CPU second of this JVM, and the
 * ratios. Target: Sluice ≥ 1× the hand-written job.
 *
 * <pre>{@code
 * benchmarks/run-logtail-benchmark.sh --lines=2000000
 * }</pre>
 */
public final class LogTailBenchmark {
  private LogTailBenchmark() {}

  /** Records that reached the sink, by this JVM's jobs. */
  static final AtomicLong SEEN = new AtomicLong();

  public static void main(String[] args) throws Exception {
    long lines = 2_000_000;
    Path work = Path.of("benchmarks/target/logtail-benchmark");
    boolean warmUp = true;
    for (String arg : args) {
      if (arg.startsWith("--lines=")) {
        lines = Long.parseLong(arg.substring("--lines=".length()).replace("_", ""));
      } else if (arg.startsWith("--work-dir=")) {
        work = Path.of(arg.substring("--work-dir=".length()));
      } else if (arg.startsWith("--warm-up=")) {
        warmUp = Boolean.parseBoolean(arg.substring("--warm-up=".length()));
      } else {
        throw new IllegalArgumentException(
            "Unknown argument " + arg + "; use --lines=N, --work-dir=DIR, --warm-up=true|false");
      }
    }
    Files.createDirectories(work);
    Path logs = Files.createDirectories(work.resolve("logs"));
    Path file = logs.resolve("access.log");
    System.out.printf("writing %,d combined-format lines to %s%n", lines, file);
    write(file, lines);
    if (warmUp) {
      System.out.println("warm-up (untimed): both jobs once");
      Path warm = Files.createDirectories(work.resolve("warm"));
      write(warm.resolve("access.log"), Math.min(lines, 300_000));
      sluice(work, warm, Math.min(lines, 300_000));
      handWritten(work, warm.resolve("access.log"), Math.min(lines, 300_000));
    }
    Result sluice = sluice(work, logs, lines);
    Result flink = handWritten(work, file, lines);
    System.out.println();
    System.out.printf("%-34s %14s %18s%n", "", "lines/s (wall)", "lines/s per core");
    System.out.printf(
        "%-34s %,14.0f %,18.0f%n",
        "Sluice log-tail + grok", sluice.perSecond(), sluice.perCpuSecond());
    System.out.printf(
        "%-34s %,14.0f %,18.0f%n",
        "hand-written Flink (FileSource+map)", flink.perSecond(), flink.perCpuSecond());
    System.out.printf(
        "%-34s %14.2fx %17.2fx%n",
        "ratio Sluice / hand-written",
        sluice.perSecond() / flink.perSecond(),
        sluice.perCpuSecond() / flink.perCpuSecond());
  }

  record Result(long lines, double seconds, double cpuSeconds) {
    double perSecond() {
      return lines / seconds;
    }

    double perCpuSecond() {
      return lines / cpuSeconds;
    }
  }

  private static Path tmp;

  private static StreamExecutionEnvironment env(Path work) throws IOException {
    tmp = Files.createDirectories(work.resolve("flink-tmp"));
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
    env.setParallelism(1);
    env.enableCheckpointing(2_000);
    return env;
  }

  private static Result sluice(Path work, Path logs, long lines) throws Exception {
    LogTailSettings settings =
        new LogTailSettings(
            logs.toString(),
            "*.log",
            false,
            Duration.ofMillis(100),
            LogTailSettings.Multiline.NONE,
            LogFormat.GROK,
            "%{COMBINEDAPACHELOG}",
            List.of(),
            List.of(),
            "timestamp",
            "apache",
            null,
            "UTF-8");
    StreamExecutionEnvironment env = env(work);
    // As Sluice's JobCompiler configures every pipeline's job: chained operators hand records on
    // without a copy. The hand-written job keeps Flink's default, as its author would.
    env.getConfig().enableObjectReuse();
    DataStream<Either<Row, BadRecord>> read =
        env.fromSource(
            new LogTailSource(settings),
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5)),
            "log-tail");
    SplitBadRecords.apply(read, "logs").sinkTo(new CountingSink<>());
    return timed("Sluice log-tail", env, lines);
  }

  private static Result handWritten(Path work, Path file, long lines) throws Exception {
    StreamExecutionEnvironment env = env(work);
    FileSource<String> source =
        FileSource.forRecordStreamFormat(
                new TextLineInputFormat(), new org.apache.flink.core.fs.Path(file.toUri()))
            .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "file")
        .map(new GrokMap())
        .returns(
            Types.ROW(
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.LOCAL_DATE_TIME,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.LONG,
                Types.LONG,
                Types.STRING,
                Types.STRING))
        .sinkTo(new CountingSink<>());
    return timed("hand-written Flink", env, lines);
  }

  private static Result timed(String name, StreamExecutionEnvironment env, long lines)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    // The jobs run as Sluice's embedded engine runs them: a MiniCluster in this JVM, given a job
    // graph (no flink-clients executor needed).
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build())) {
      cluster.start();
      JobGraph graph = env.getStreamGraph().getJobGraph();
      SEEN.set(0);
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      JobID job = cluster.submitJob(graph).get().getJobID();
      while (SEEN.get() < lines) {
        Thread.sleep(5);
        if (cluster.getJobStatus(job).get().isGloballyTerminalState() && SEEN.get() < lines) {
          throw new IllegalStateException(name + " ended with " + SEEN.get() + " of " + lines);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (cpu() - cpu0) / 1e9;
      if (!cluster.getJobStatus(job).get().isGloballyTerminalState()) {
        cluster.cancelJob(job).get();
      }
      System.out.printf("%s: %,d lines in %.2f s, %.2f CPU s%n", name, lines, seconds, cpuSeconds);
      return new Result(lines, seconds, cpuSeconds);
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** What a person would write: the grok expression's regex, numbers and the Apache time. */
  static final class GrokMap extends RichMapFunction<String, Row> {
    private transient Matcher matcher;
    private transient List<LogLinePattern.Capture> captures;
    private transient DateTimeFormatter time;

    @Override
    public void open(OpenContext context) {
      LogLinePattern pattern = LogLinePattern.grok("%{COMBINEDAPACHELOG}", List.of()).pattern();
      matcher = Pattern.compile(pattern.regex(), Pattern.DOTALL).matcher("");
      captures = pattern.captures();
      time = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    }

    @Override
    public Row map(String line) {
      if (!matcher.reset(line).matches()) {
        throw new IllegalStateException("does not match: " + line);
      }
      Row row = new Row(captures.size());
      for (int i = 0; i < captures.size(); i++) {
        String value = null;
        for (String g : captures.get(i).groups()) {
          value = value != null ? value : matcher.group(g);
        }
        Object field = value;
        if (value != null && captures.get(i).field().equals("timestamp")) {
          var parsed = time.parse(value);
          field =
              LocalDateTime.from(parsed)
                  .minusSeconds(parsed.get(java.time.temporal.ChronoField.OFFSET_SECONDS));
        } else if (value != null
            && captures.get(i).type() == io.sluice.model.schema.FieldType.LONG) {
          field = Long.parseLong(value);
        }
        row.setField(i, field);
      }
      return row;
    }
  }

  /** Counts what reaches it in {@link #SEEN}; the jobs run in this JVM. */
  static final class CountingSink<T> implements Sink<T> {
    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context ctx) {
          SEEN.incrementAndGet(); // one thread writes: uncontended, a few nanoseconds
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }

  private static final String[] PATHS = {"/", "/index.html", "/api/orders?id=", "/static/app.js"};
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
    "curl/8.5.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"
  };

  static void write(Path file, long lines) throws IOException {
    LocalDateTime start = LocalDateTime.of(2026, 12, 2, 0, 0);
    DateTimeFormatter f = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < lines; i++) {
        out.write("10." + (i % 250) + "." + (i / 250 % 250) + "." + (i % 7 + 1));
        out.write(" - - [");
        out.write(f.format(start.plusSeconds(i / 100)));
        out.write(" +0000] \"GET ");
        out.write(PATHS[(int) (i % PATHS.length)]);
        out.write(i % 3 == 2 ? Long.toString(i) : "");
        out.write(" HTTP/1.1\" ");
        out.write(i % 20 == 0 ? "404" : "200");
        out.write(' ');
        out.write(Long.toString(200 + i % 5000));
        out.write(" \"-\" \"");
        out.write(AGENTS[(int) (i % AGENTS.length)]);
        out.write("\"\n");
      }
    }
  }
}
