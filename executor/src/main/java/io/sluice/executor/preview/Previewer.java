package io.sluice.executor.preview;

import io.sluice.connectors.file.BadRecord;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.compile.sample.PostgresSamples;
import io.sluice.executor.engine.StreamGraphBuilder;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.Step;
import io.sluice.model.document.PortRef;
import io.sluice.model.id.NodeId;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.collect.CollectResultIterator;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline on a sample and returns what every port and every dead letter saw, writing to no
 * sink, no checkpoint and no savepoint.
 *
 * <p>Each preview is its own bounded job on a small Flink MiniCluster of its own (one slot, started
 * for the preview and stopped when its records are read), never on the engine that runs pipelines:
 * a preview cannot appear among the engine's jobs, take its slots or be taken for a run. The
 * records come back through Flink's collect sinks ({@code DataStream.collectAsync}), one per output
 * port, read by one thread each so that a port nobody reads cannot stall the others.
 *
 * <pre>{@code
 * Previewer previewer = new Previewer(tmpDir, 2);
 * PreviewResult result = previewer.run(plan, new Previewer.Options(100, Duration.ofSeconds(30), Map.of()));
 * }</pre>
 *
 * <p>Thread-safe; at most {@code concurrency} previews run at once, a further one fails at once
 * with {@link PreviewBusyException}.
 */
public final class Previewer {
  private static final Logger LOG = LoggerFactory.getLogger(Previewer.class);

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

  private final Path tmpDir;
  private final int concurrency;
  private final Semaphore slots;
  private final JobCompiler compiler = new JobCompiler();

  /**
   * @param tmpDir where the preview clusters keep their temporary files
   * @param concurrency how many previews may run at once
   */
  public Previewer(Path tmpDir, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    this.tmpDir = tmpDir;
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
  }

  /** How many previews are running now. */
  public int running() {
    return concurrency - slots.availablePermits();
  }

  /**
   * How to preview.
   *
   * @param limit the most records each source reads and each port or dead-letter list keeps
   * @param timeout after this the job is cancelled and what was collected is returned
   * @param samples files that file-directory sources read in place of their directories, by node
   */
  public record Options(int limit, Duration timeout, Map<NodeId, Path> samples) {
    public Options {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException(
            "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException("timeout must be above 0 and at most " + MAX_TIMEOUT);
      }
      samples = Map.copyOf(samples);
    }
  }

  /**
   * Runs the preview of a plan that validated.
   *
   * @throws PreviewBusyException when {@code concurrency} previews are running
   * @throws PreviewException for a preview that cannot run as asked (a sample for a node that is
   *     not a file source, a missing or unreadable directory, a PostgreSQL source's database, a
   *     Kafka broker or an S3 endpoint that refuses or does not answer within a few seconds)
   */
  public PreviewResult run(ExecutionPlan plan, Options options) {
    if (!slots.tryAcquire()) {
      throw new PreviewBusyException(concurrency);
    }
    try {
      return runNow(plan, options);
    } finally {
      slots.release();
    }
  }

  private PreviewResult runNow(ExecutionPlan plan, Options options) {
    Map<NodeId, List<JobCompiler.Replay.Record>> lines = new LinkedHashMap<>();
    for (NodeId node : options.samples().keySet()) {
      if (!(plan.step(node).orElse(null) instanceof Step.FileDirectorySource)) {
        throw new PreviewException(
            node.value(), null, "Node '" + node.value() + "' is not a file-directory source.");
      }
    }
    Map<NodeId, List<Either<Row, BadRecord>>> tableRows = new LinkedHashMap<>();
    Duration reach =
        options.timeout().compareTo(SourceReach.MAX) < 0 ? options.timeout() : SourceReach.MAX;
    for (Step step : plan.steps()) {
      // Sources whose connectors would retry an address that does not answer until the timeout
      // are asked first, so that the preview fails at once with what could not be reached.
      if (step instanceof Step.KafkaSource k) {
        SourceReach.kafka(k, reach);
      }
      if (step instanceof Step.S3Source s3) {
        SourceReach.s3(s3, reach);
      }
      if (step instanceof Step.FileDirectorySource f) {
        Path sample = options.samples().get(f.id());
        lines.put(
            f.id(),
            sample == null
                ? SampleLines.ofDirectory(f, options.limit())
                : SampleLines.ofFile(sample, f, options.limit()));
      }
      if (step instanceof Step.PostgresCdcSource c) {
        // A sample of the table, never its changes: reading changes means creating a replication
        // slot (and maybe a publication) on the source server, which a preview must not leave.
        tableRows.put(
            c.id(),
            tableRows(
                c.id(),
                () ->
                    PostgresSamples.cdc(
                        c.jdbcUrl(),
                        c.user(),
                        c.password(),
                        c.table(),
                        c.fields(),
                        options.limit(),
                        options.timeout())));
      }
      if (step instanceof Step.LogTailSource l) {
        // The preview reads the files there now, listed as the job is built; a directory that is
        // missing is fine (nothing to read), one that cannot be listed is the node's problem.
        Path directory = Path.of(l.settings().directory());
        try (var entries = Files.newDirectoryStream(directory)) {
          entries.iterator().hasNext();
        } catch (java.nio.file.NoSuchFileException e) {
          // nothing there yet
        } catch (java.io.IOException | RuntimeException e) {
          throw new PreviewException(
              l.id().value(),
              "config.path",
              "The directory '" + directory + "' cannot be read: " + e.getMessage());
        }
      }
      if (step instanceof Step.PostgresIncrementalSource pi) {
        tableRows.put(
            pi.id(),
            tableRows(
                pi.id(),
                () ->
                    PostgresSamples.incremental(
                        pi.settings(), options.limit(), options.timeout())));
      }
    }
    List<Collected> ports = new ArrayList<>();
    Collected[] deadLetters = new Collected[1];
    JobCompiler.PreviewCollector collector =
        new JobCompiler.PreviewCollector() {
          @Override
          public void port(PortRef port, RecordSchema schema, DataStream<Row> rows) {
            ports.add(new Collected(port, schema, rows.collectAsync(), options.limit()));
          }

          @Override
          public void deadLetters(DataStream<Row> rows) {
            deadLetters[0] =
                new Collected(
                    null, JobCompiler.DeadLetter.SCHEMA, rows.collectAsync(), options.limit());
          }
        };
    StreamGraphBuilder job =
        compiler.forPreview(
            plan, new JobCompiler.Preview(options.limit(), lines, tableRows, collector));
    List<Collected> all = new ArrayList<>();
    ExecutorService readers = null;
    MiniCluster cluster = null;
    try {
      Files.createDirectories(tmpDir);
      Configuration conf = clusterConfiguration();
      StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
      job.build(env);
      all.addAll(ports);
      if (deadLetters[0] != null) {
        all.add(deadLetters[0]);
      }
      JobGraph graph = env.getStreamGraph().getJobGraph();
      // A cluster of the preview's own, kept up until every collect sink has been read: a
      // per-job cluster that stops when the job ends would leave the last results unfetched.
      cluster =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(conf)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(1)
                  .withRandomPorts()
                  .build());
      cluster.start();
      JobID id = cluster.submitJob(graph).get().getJobID();
      JobClient client =
          new MiniClusterJobClient(
              id,
              cluster,
              Previewer.class.getClassLoader(),
              MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
      for (Collected c : all) {
        c.attach(client);
      }
      readers = Executors.newFixedThreadPool(Math.max(1, all.size()), Previewer::readerThread);
      List<CompletableFuture<Void>> reads = new ArrayList<>();
      for (Collected c : all) {
        reads.add(CompletableFuture.runAsync(c::drain, readers));
      }
      CompletableFuture<Void> done =
          CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
      String reason = null;
      try {
        done.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        reason =
            "The preview did not finish within "
                + io.sluice.model.document.Durations.format(options.timeout())
                + "; these are the records collected until then.";
      } catch (ExecutionException e) {
        reason = "The preview job failed: " + rootMessage(e.getCause());
      }
      if (reason == null) {
        // Every collect sink ran out, so the job finished; a job that failed ends its iterators
        // with an exception, which is the branch above.
        return result(ports, deadLetters[0], false, null);
      }
      client.cancel();
      return result(ports, deadLetters[0], true, reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while previewing", e);
    } catch (PreviewException | IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the preview job could not run", e);
    } finally {
      for (Collected c : all) {
        c.close();
      }
      if (readers != null) {
        readers.shutdownNow();
      }
      if (cluster != null) {
        try {
          cluster.close();
        } catch (Exception e) {
          LOG.warn("Stopping a preview's cluster failed", e);
        }
      }
    }
  }

  @FunctionalInterface
  private interface TableRead {
    List<Either<Row, BadRecord>> read() throws SQLException;
  }

  /** A PostgreSQL source's sample; a database that refuses becomes a problem on the node. */
  private static List<Either<Row, BadRecord>> tableRows(NodeId node, TableRead read) {
    try {
      return read.read();
    } catch (SQLException e) {
      throw new PreviewException(
          node.value(),
          "config.jdbcUrl",
          "Node '"
              + node.value()
              + "': the preview could not read the table: "
              + (e.getMessage() == null || e.getMessage().isBlank()
                  ? rootMessage(e)
                  : e.getMessage().lines().findFirst().orElse("").strip()));
    }
  }

  private Configuration clusterConfiguration() {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmpDir.toString());
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(16));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(16));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(16));
    return conf;
  }

  /** The innermost message of a failure, which names what went wrong rather than where. */
  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }

  private static Thread readerThread(Runnable r) {
    Thread thread = new Thread(r, "sluice-preview-reader");
    thread.setDaemon(true);
    return thread;
  }

  private static PreviewResult result(
      List<Collected> ports, Collected deadLetters, boolean truncated, String reason) {
    List<PreviewResult.PortSample> samples = new ArrayList<>();
    for (Collected c : ports) {
      samples.add(c.sample());
    }
    List<PreviewResult.DeadLetterSample> bad = new ArrayList<>();
    if (deadLetters != null) {
      for (List<Object> row : deadLetters.rows()) {
        // DeadLetter.SCHEMA: pipeline, node, source, raw, reason
        bad.add(
            new PreviewResult.DeadLetterSample(
                (String) row.get(1),
                (String) row.get(2),
                (String) row.get(3),
                (String) row.get(4)));
      }
    }
    return new PreviewResult(samples, bad, truncated, reason);
  }

  /** The records of one collect sink: the first {@code limit} kept, all counted. */
  private static final class Collected {
    private final PortRef port;
    private final RecordSchema schema;
    private final CloseableIterator<Row> iterator;
    private final int limit;
    private final List<List<Object>> rows = new ArrayList<>();
    private long count;

    Collected(PortRef port, RecordSchema schema, CloseableIterator<Row> iterator, int limit) {
      this.port = port;
      this.schema = schema;
      this.iterator = iterator;
      this.limit = limit;
    }

    void attach(JobClient client) {
      ((CollectResultIterator<Row>) iterator).setJobClient(client);
    }

    void drain() {
      while (iterator.hasNext()) {
        Row row = iterator.next();
        synchronized (this) {
          count++;
          if (rows.size() < limit) {
            rows.add(values(row));
          }
        }
      }
    }

    synchronized List<List<Object>> rows() {
      return new ArrayList<>(rows);
    }

    synchronized PreviewResult.PortSample sample() {
      return new PreviewResult.PortSample(
          port.node().value(),
          port.port().value(),
          schema.fields().stream()
              .map(f -> new PreviewResult.FieldView(f.name(), f.type().wireName()))
              .toList(),
          new ArrayList<>(rows),
          count);
    }

    void close() {
      try {
        iterator.close();
      } catch (Exception e) {
        LOG.debug("Closing a preview's collect iterator failed", e);
      }
    }

    private static List<Object> values(Row row) {
      List<Object> values = new ArrayList<>(row.getArity());
      for (int i = 0; i < row.getArity(); i++) {
        Object value = row.getField(i);
        if (value instanceof TemporalAccessor || value instanceof BigDecimal) {
          value = value.toString();
        }
        values.add(value);
      }
      return Collections.unmodifiableList(values);
    }
  }
}
