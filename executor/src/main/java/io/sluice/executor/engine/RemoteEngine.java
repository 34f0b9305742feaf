package io.sluice.executor.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.executor.metrics.FlinkMetrics;
import io.sluice.executor.metrics.OperatorIds;
import io.sluice.executor.storage.ObjectStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.metrics.util.MetricUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote placement: jobs run on a Flink session cluster reached over its REST API. The job
 * graph is built here, exactly as in the embedded placement, and submitted with Flink's {@link
 * RestClusterClient} together with the jars of {@link RemoteEngineSettings#jars()}; state, metrics
 * and the exception history are read back from the REST API into the same {@link JobStatusView},
 * {@link FlinkMetrics} and {@link RestartCause} as embedded mode.
 *
 * <p>Checkpoints and savepoints go to the same S3 folders as in embedded mode; the cluster writes
 * them, so it must have Flink's S3 file system plugin and the store's credentials (see
 * docs/running.md). This process reads and prunes them through the {@link ObjectStore}.
 *
 * <pre>{@code
 * try (RemoteEngine engine =
 *     RemoteEngine.connect(RemoteEngineSettings.of(URI.create("http://jm:8081")), s3)) {
 *   JobHandle job = engine.submit("orders", env -> ..., engine.latestRestorePoint("orders"));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it cancels the jobs it submitted that still run (their newest checkpoints
 * are retained), as closing the embedded engine does; it does not close the store.
 */
public final class RemoteEngine implements Engine {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteEngine.class);

  private final RemoteEngineSettings settings;
  private final ObjectStore store;
  private final RestClusterClient<StandaloneClusterId> client;
  private final FlinkRestApi rest;
  private final CheckpointHistory history;
  private final Set<JobID> stopsRequested = ConcurrentHashMap.newKeySet();
  private final Set<JobID> submitted = ConcurrentHashMap.newKeySet();
  private final Map<String, Map<String, Operator>> operatorsByJob = new ConcurrentHashMap<>();
  private final Map<String, FlinkMetrics> lastMetrics = new ConcurrentHashMap<>();

  /** An operator of a submitted job: its id (from its uid, or empty) and its metric name. */
  private record Operator(String id, String name) {}

  private RemoteEngine(
      RemoteEngineSettings settings,
      ObjectStore store,
      RestClusterClient<StandaloneClusterId> client,
      FlinkRestApi rest) {
    this.settings = settings;
    this.store = store;
    this.client = client;
    this.rest = rest;
    this.history = new CheckpointHistory(store);
  }

  /**
   * Connects to the cluster and checks that it answers.
   *
   * @throws EngineException when the REST API cannot be reached
   */
  public static RemoteEngine connect(RemoteEngineSettings settings, ObjectStore store) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, settings.restAddress().getHost());
    conf.set(RestOptions.PORT, settings.port());
    conf.set(SecurityOptions.SSL_REST_ENABLED, "https".equals(settings.restAddress().getScheme()));
    FlinkRestApi rest = new FlinkRestApi(settings.restAddress(), settings.requestTimeout());
    JsonNode taskManagers = rest.taskManagers();
    LOG.info(
        "Flink session cluster at {}: {} TaskManager(s)",
        settings.restAddress(),
        taskManagers.path("taskmanagers").size());
    try {
      return new RemoteEngine(
          settings, store, new RestClusterClient<>(conf, StandaloneClusterId.getInstance()), rest);
    } catch (Exception e) {
      throw new EngineException(
          "could not create a client for the Flink cluster at " + settings.restAddress(), e);
    }
  }

  @Override
  public JobHandle submit(
      String pipelineKey, StreamGraphBuilder job, Optional<String> restorePath) {
    PipelineKeys.check(pipelineKey);
    StreamExecutionEnvironment env =
        new StreamExecutionEnvironment(
            EmbeddedEngine.jobConfiguration(pipelineKey, settings.checkpointInterval(), store));
    try {
      job.build(env);
    } catch (Exception e) {
      throw new EngineException("could not build the job of pipeline " + pipelineKey, e);
    }
    StreamGraph graph = env.getStreamGraph();
    Map<String, Operator> operators = operators(graph);
    JobGraph jobGraph = graph.getJobGraph();
    if (cancelStaleJobs(pipelineKey) && restorePath.isPresent()) {
      // The job that still ran may have checkpointed after the caller chose where to resume.
      Optional<String> chosen = restorePath;
      restorePath = history.latestRestorePoint(pipelineKey).or(() -> chosen);
    }
    restorePath.ifPresent(
        path ->
            jobGraph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path, false)));
    for (Path jar : settings.jars()) {
      jobGraph.addJar(new org.apache.flink.core.fs.Path(jar.toUri()));
    }
    JobID id = await(client.submitJob(jobGraph), "submit pipeline " + pipelineKey);
    submitted.add(id);
    operatorsByJob.put(id.toHexString(), operators);
    return new JobHandle(pipelineKey, id.toHexString());
  }

  /**
   * Cancels the pipeline's jobs that still run on the cluster, such as one left behind by a Sluice
   * process that died: two jobs writing one pipeline's sinks would break exactly-once.
   *
   * @return whether there was one
   */
  private boolean cancelStaleJobs(String pipelineKey) {
    boolean any = false;
    for (JsonNode overview : rest.jobsOverview()) {
      String state = overview.path("state").asText();
      if (pipelineKey.equals(overview.path("name").asText())
          && !JobStatus.valueOf(state).isGloballyTerminalState()) {
        JobID stale = JobID.fromHexString(overview.path("jid").asText());
        LOG.warn(
            "Cancelling job {} of pipeline {}, which still ran on the cluster", stale, pipelineKey);
        await(client.cancel(stale), "cancel the stale job " + stale + " of " + pipelineKey);
        await(client.requestJobResult(stale), "wait for the stale job " + stale + " to stop");
        any = true;
      }
    }
    return any;
  }

  /** The job's operators by the name Flink's REST API gives their metrics. */
  private static Map<String, Operator> operators(StreamGraph graph) {
    Map<String, Operator> byRestName = new HashMap<>();
    for (StreamNode node : graph.getStreamNodes()) {
      String name = MetricUtils.truncateOperatorName(node.getOperatorName());
      String uid = node.getTransformationUID();
      byRestName.put(restName(name), new Operator(uid == null ? "" : OperatorIds.of(uid), name));
    }
    return byRestName;
  }

  /** How Flink's metric query service spells a name: blanks, dots, colons, commas as '_'. */
  static String restName(String name) {
    return name.replaceAll("[ .:,]", "_");
  }

  @Override
  public JobStatusView status(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    JobStatus status = await(client.getJobStatus(id), "get the status of " + job);
    return EmbeddedEngine.view(
        status,
        stopsRequested.contains(id),
        () ->
            EmbeddedEngine.failureCause(
                await(client.requestJobResult(id), "get the result of job " + id)));
  }

  @Override
  public Optional<FlinkMetrics> metrics(JobHandle job) {
    String jobId = job.jobId();
    Optional<JsonNode> details;
    try {
      details = rest.job(jobId);
    } catch (EngineException e) {
      LOG.debug("Metrics of {} are not readable now", job, e);
      return Optional.ofNullable(lastMetrics.get(jobId));
    }
    if (details.isEmpty()
        || JobStatus.valueOf(details.get().path("state").asText()).isGloballyTerminalState()) {
      return Optional.ofNullable(lastMetrics.get(jobId));
    }
    Map<String, Operator> operators = operatorsByJob.getOrDefault(jobId, Map.of());
    Map<String, Double> jobValues = rest.jobMetrics(jobId);
    Map<List<Object>, Map<String, Double>> tasks = new HashMap<>();
    Map<List<Object>, Map<String, Double>> ops = new HashMap<>();
    for (JsonNode vertex : details.get().path("vertices")) {
      String vertexId = vertex.path("id").asText();
      String vertexName = vertex.path("name").asText();
      rest.vertexMetrics(jobId, vertexId)
          .forEach(
              (metric, value) -> {
                int dot = metric.indexOf('.');
                if (dot <= 0) {
                  return;
                }
                int subtask;
                try {
                  subtask = Integer.parseInt(metric.substring(0, dot));
                } catch (NumberFormatException e) {
                  return;
                }
                String rest = metric.substring(dot + 1);
                if (rest.indexOf('.') < 0) {
                  tasks
                      .computeIfAbsent(List.of(vertexId, vertexName, subtask), k -> new HashMap<>())
                      .put(rest, value);
                  return;
                }
                int last = rest.lastIndexOf('.');
                String operatorName = rest.substring(0, last);
                Operator operator = operators.get(operatorName);
                if (operator == null) {
                  return; // a nested group (such as the Kafka reader's), as in embedded mode
                }
                ops.computeIfAbsent(
                        List.of(operator.id(), operator.name(), subtask), k -> new HashMap<>())
                    .put(rest.substring(last + 1), value);
              });
    }
    FlinkMetrics metrics =
        new FlinkMetrics(jobId, Instant.now(), jobValues, scoped(tasks), scoped(ops));
    lastMetrics.put(jobId, metrics);
    return Optional.of(metrics);
  }

  private static List<FlinkMetrics.Scoped> scoped(Map<List<Object>, Map<String, Double>> map) {
    List<FlinkMetrics.Scoped> out = new ArrayList<>();
    map.forEach(
        (k, values) ->
            out.add(
                new FlinkMetrics.Scoped(
                    (String) k.get(0), (String) k.get(1), (int) k.get(2), values)));
    return out;
  }

  @Override
  public List<RestartCause> restartCauses(JobHandle job) {
    List<RestartCause> causes = new ArrayList<>();
    for (JsonNode entry : rest.exceptionHistory(job.jobId())) {
      String task = entry.path("taskName").isTextual() ? entry.path("taskName").asText() : null;
      String trace =
          entry.path("stacktrace").isTextual()
              ? entry.path("stacktrace").asText()
              : entry.path("exceptionName").asText(null);
      causes.add(
          new RestartCause(
              Instant.ofEpochMilli(entry.path("timestamp").asLong()),
              task,
              RestartCause.firstLine(trace)));
    }
    causes.sort(Comparator.comparing(RestartCause::at).reversed());
    return causes;
  }

  /**
   * Where each subtask of the job runs: TaskManager id by vertex name and subtask index. For
   * operators and tests that check a job spread over the cluster.
   */
  public Map<String, List<String>> taskManagersOf(JobHandle job) {
    Map<String, List<String>> out = new HashMap<>();
    JsonNode details =
        rest.job(job.jobId())
            .orElseThrow(() -> new EngineException("the cluster does not know " + job, null));
    for (JsonNode vertex : details.path("vertices")) {
      List<String> where = new ArrayList<>();
      rest.vertex(job.jobId(), vertex.path("id").asText())
          .ifPresent(
              v -> v.path("subtasks").forEach(s -> where.add(s.path("taskmanager-id").asText(""))));
      out.put(vertex.path("name").asText(), where);
    }
    return out;
  }

  @Override
  public String stopWithSavepoint(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    stopsRequested.add(id);
    String target = store.uri(CheckpointHistory.savepointPrefix(job.pipelineKey()));
    String path =
        await(
            client.stopWithSavepoint(id, false, target, SavepointFormatType.CANONICAL),
            "stop " + job + " with a savepoint");
    await(client.requestJobResult(id), "wait for " + job + " to stop");
    return path;
  }

  @Override
  public void cancel(JobHandle job) {
    JobID id = JobID.fromHexString(job.jobId());
    stopsRequested.add(id);
    await(client.cancel(id), "cancel " + job);
    await(client.requestJobResult(id), "wait for " + job + " to stop");
  }

  @Override
  public Optional<String> latestRetainedCheckpoint(String pipelineKey) {
    return history.latestRetainedCheckpoint(pipelineKey);
  }

  @Override
  public Optional<String> latestRestorePoint(String pipelineKey) {
    return history.latestRestorePoint(pipelineKey);
  }

  @Override
  public int pruneHistory(String pipelineKey, Optional<String> currentJobId, int savepointsToKeep) {
    return history.pruneHistory(pipelineKey, currentJobId, savepointsToKeep);
  }

  @Override
  public void close() {
    try {
      for (JobID id : submitted) {
        try {
          JobStatus status = client.getJobStatus(id).get(10, TimeUnit.SECONDS);
          if (!status.isGloballyTerminalState()) {
            client.cancel(id).get(30, TimeUnit.SECONDS);
          }
        } catch (ExecutionException | TimeoutException e) {
          LOG.warn("Could not cancel job {} on close", id, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }

  private <T> T await(Future<T> future, String what) {
    try {
      return future.get(settings.requestTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while trying to " + what, e);
    } catch (ExecutionException e) {
      throw new EngineException("could not " + what, ExceptionUtils.stripExecutionException(e));
    } catch (TimeoutException e) {
      throw new EngineException(
          "could not " + what + ": no answer from " + settings.restAddress(), e);
    }
  }
}
