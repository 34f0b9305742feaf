package io.sluice.executor.engine;

import io.sluice.executor.metrics.FlinkMetrics;
import io.sluice.executor.metrics.InProcessReporter;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.executor.storage.StoredObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.filter.ReporterFilter;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.scheduler.ExecutionGraphInfo;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.ExceptionUtils;

/**
 * The embedded placement: a Flink MiniCluster in this process, one TaskManager with {@link
 * EmbeddedEngineSettings#slots()} slots shared by all pipelines, checkpointing to an {@link
 * ObjectStore}.
 *
 * <pre>{@code
 * try (ObjectStore s3 = ObjectStore.embedded(dataDir.resolve("s3"));
 *     EmbeddedEngine engine = EmbeddedEngine.start(EmbeddedEngineSettings.defaults(tmp), s3)) {
 *   JobHandle job = engine.submit("orders", env -> ..., Optional.empty());
 * }
 * }</pre>
 *
 * <p>Flink's S3 file system is configured once per JVM ({@link FileSystem#initialize}), so one
 * process should run one embedded engine at a time. Thread-safe. Closing it does not close the
 * object store.
 */
public final class EmbeddedEngine implements Engine {

  private final EmbeddedEngineSettings settings;
  private final ObjectStore store;
  private final SluiceMiniCluster cluster;
  private final InProcessReporter metrics;
  private final CheckpointHistory history;
  private final Set<JobID> stopsRequested = ConcurrentHashMap.newKeySet();

  private EmbeddedEngine(
      EmbeddedEngineSettings settings,
      ObjectStore store,
      SluiceMiniCluster cluster,
      InProcessReporter metrics) {
    this.settings = settings;
    this.store = store;
    this.cluster = cluster;
    this.metrics = metrics;
    this.history = new CheckpointHistory(store);
  }

  /** Starts the MiniCluster; it writes its working files under the settings' tmp dir. */
  /**
   * The MiniCluster with Sluice's reporter and a way to the job's exception history, which Flink
   * serves through the dispatcher only.
   */
  private static final class SluiceMiniCluster extends MiniCluster {
    private final InProcessReporter reporter;

    SluiceMiniCluster(MiniClusterConfiguration configuration, InProcessReporter reporter) {
      super(configuration);
      this.reporter = reporter;
    }

    // The reporter is handed over as an object rather than named in the configuration
    // (metrics.reporter.<name>.factory.class), which would make Flink create its own instance
    // that Sluice could reach only through a static field.
    @Override
    protected MetricRegistryImpl createMetricRegistry(
        Configuration config, long maximumMessageSizeInBytes) {
      return new MetricRegistryImpl(
          MetricRegistryConfiguration.fromConfiguration(config, maximumMessageSizeInBytes),
          List.of(
              new ReporterSetup(
                  "sluice",
                  new MetricConfig(),
                  reporter,
                  ReporterFilter.getNoOpFilter(),
                  Map.of())));
    }

    CompletableFuture<ExecutionGraphInfo> executionGraphInfo(JobID id) {
      return getDispatcherGatewayFuture()
          .thenCompose(gateway -> gateway.requestExecutionGraphInfo(id, Duration.ofSeconds(30)));
    }
  }

  @Override
  public List<RestartCause> restartCauses(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    ExecutionGraphInfo info = await(cluster.executionGraphInfo(id), "get the failures of " + job);
    List<RestartCause> causes = new ArrayList<>();
    for (RootExceptionHistoryEntry entry : info.getExceptionHistory()) {
      causes.add(
          new RestartCause(
              Instant.ofEpochMilli(entry.getTimestamp()),
              entry.getFailingTaskName(),
              RestartCause.firstLine(entry.getExceptionAsString())));
    }
    causes.sort(Comparator.comparing(RestartCause::at).reversed());
    return causes;
  }

  public static EmbeddedEngine start(EmbeddedEngineSettings settings, ObjectStore store) {
    Configuration conf = clusterConfiguration(settings, store);
    try {
      Files.createDirectories(settings.tmpDir());
      // Without this the S3 file system does not see the s3.* keys and checkpoint storage fails
      // with "No AWS Credentials provided by DynamicTemporaryAWSCredentialsProvider".
      FileSystem.initialize(conf, null);
      InProcessReporter reporter = new InProcessReporter();
      SluiceMiniCluster cluster =
          new SluiceMiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(conf)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(settings.slots())
                  .withRandomPorts()
                  .build(),
              reporter);
      cluster.start();
      return new EmbeddedEngine(settings, store, cluster, reporter);
    } catch (Exception e) {
      throw new EngineException("could not start the embedded Flink cluster", e);
    }
  }

  private static Configuration clusterConfiguration(
      EmbeddedEngineSettings settings, ObjectStore store) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, settings.tmpDir().toString());
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.slots());
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, settings.managedMemory());
    // The REST endpoint is not used yet; keep it off the network and off fixed ports.
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.setString("s3.endpoint", store.endpoint().toString());
    conf.setString("s3.path.style.access", Boolean.toString(store.settings().pathStyle()));
    conf.setString("s3.access-key", store.credentials().accessKey());
    conf.setString("s3.secret-key", store.credentials().secretKey());
    conf.setString("s3.endpoint.region", store.settings().region());
    return conf;
  }

  @Override
  public JobHandle submit(
      String pipelineKey, StreamGraphBuilder job, Optional<String> restorePath) {
    PipelineKeys.check(pipelineKey);
    StreamExecutionEnvironment env =
        new StreamExecutionEnvironment(
            jobConfiguration(pipelineKey, settings.checkpointInterval(), store));
    try {
      job.build(env);
    } catch (Exception e) {
      throw new EngineException("could not build the job of pipeline " + pipelineKey, e);
    }
    StreamGraph graph = env.getStreamGraph();
    JobGraph jobGraph = graph.getJobGraph();
    restorePath.ifPresent(
        path ->
            jobGraph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path, false)));
    JobID id = await(cluster.submitJob(jobGraph), "submit pipeline " + pipelineKey).getJobID();
    return new JobHandle(pipelineKey, id.toHexString());
  }

  /**
   * The configuration every job of a pipeline runs with, in both placements: exactly-once
   * checkpoints to the pipeline's S3 folder, retained on cancel.
   */
  static Configuration jobConfiguration(
      String pipelineKey, Duration checkpointInterval, ObjectStore store) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.NAME, pipelineKey);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, store.uri(checkpointPrefix(pipelineKey)));
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, store.uri(savepointPrefix(pipelineKey)));
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    return conf;
  }

  @Override
  public JobStatusView status(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    JobStatus status = await(cluster.getJobStatus(id), "get the status of " + job);
    return view(
        status,
        stopsRequested.contains(id),
        () -> failureCause(await(cluster.requestJobResult(id), "get the result of job " + id)));
  }

  /** Flink's job status in Sluice's words; shared by both placements. */
  static JobStatusView view(
      JobStatus status, boolean stopRequested, Supplier<String> failureCause) {
    switch (status) {
      case INITIALIZING:
      case CREATED:
      case RESTARTING:
      case FAILING:
        // FAILING ends in RESTARTING or FAILED; either way the job is not running now.
        return JobStatusView.of(JobStatusView.State.STARTING);
      case RUNNING:
        return JobStatusView.of(
            stopRequested ? JobStatusView.State.STOPPING : JobStatusView.State.RUNNING);
      case CANCELLING:
      case SUSPENDED:
        return JobStatusView.of(JobStatusView.State.STOPPING);
      case CANCELED:
        return JobStatusView.of(JobStatusView.State.STOPPED);
      case FINISHED:
        // A stop with savepoint also ends a job as FINISHED.
        return JobStatusView.of(
            stopRequested ? JobStatusView.State.STOPPED : JobStatusView.State.FINISHED);
      case FAILED:
        return JobStatusView.failed(failureCause.get());
      default:
        throw new IllegalStateException("unknown Flink job status " + status);
    }
  }

  /** Why a job failed: its exception and, when it has another, its root cause. */
  static String failureCause(JobResult result) {
    return result
        .getSerializedThrowable()
        .map(
            thrown -> {
              Throwable root = ExceptionUtils.stripCompletionException(thrown);
              while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
              }
              return root == thrown
                  ? thrown.toString()
                  : thrown.toString() + " (root cause: " + root + ")";
            })
        .orElse("unknown cause");
  }

  @Override
  public Optional<FlinkMetrics> metrics(JobHandle job) {
    return metrics.snapshot(job.jobId());
  }

  @Override
  public String stopWithSavepoint(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    stopsRequested.add(id);
    String target = store.uri(savepointPrefix(job.pipelineKey()));
    String path =
        await(
            cluster.stopWithSavepoint(id, target, false, SavepointFormatType.CANONICAL),
            "stop " + job + " with a savepoint");
    await(cluster.requestJobResult(id), "wait for " + job + " to stop");
    return path;
  }

  @Override
  public void cancel(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    stopsRequested.add(id);
    await(cluster.cancelJob(id), "cancel " + job);
    await(cluster.requestJobResult(id), "wait for " + job + " to stop");
  }

  @Override
  public Optional<String> latestRetainedCheckpoint(String pipelineKey) {
    return history.latestRetainedCheckpoint(pipelineKey);
  }

  @Override
  public Optional<String> latestRestorePoint(String pipelineKey) {
    return history.latestRestorePoint(pipelineKey);
  }

  /** See {@link CheckpointHistory#RESTORE_TIE_BREAK}. */
  static final Comparator<StoredObject> RESTORE_TIE_BREAK = CheckpointHistory.RESTORE_TIE_BREAK;

  @Override
  public int pruneHistory(String pipelineKey, Optional<String> currentJobId, int savepointsToKeep) {
    return history.pruneHistory(pipelineKey, currentJobId, savepointsToKeep);
  }

  @Override
  public void close() {
    try {
      cluster.closeAsync().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while stopping the embedded Flink cluster", e);
    } catch (ExecutionException e) {
      throw new EngineException("could not stop the embedded Flink cluster", e.getCause());
    }
  }

  static String checkpointPrefix(String pipelineKey) {
    return CheckpointHistory.checkpointPrefix(pipelineKey);
  }

  static String savepointPrefix(String pipelineKey) {
    return CheckpointHistory.savepointPrefix(pipelineKey);
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while trying to " + what, e);
    } catch (ExecutionException e) {
      throw new EngineException("could not " + what, ExceptionUtils.stripExecutionException(e));
    }
  }
}
