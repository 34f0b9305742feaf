package io.sluice.server.metrics;

import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.NodeSample;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.Run;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.RunSample;
import io.sluice.executor.engine.Engine;
import io.sluice.executor.engine.JobHandle;
import io.sluice.executor.metrics.FlinkMetrics;
import io.sluice.executor.metrics.NodeMetrics;
import io.sluice.executor.metrics.NodeMetricsMapper;
import io.sluice.executor.metrics.RunMetrics;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.server.SluiceConfig;
import io.sluice.server.secrets.InlineSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the metrics of every active run from the engine at the configured interval, keeps them
 * in the catalog, exports them to Prometheus, and pushes them and run state changes to subscribers.
 * A run that ends gets one more sample, so its final counts are kept. Once a minute it rolls
 * samples up into minutes and prunes what is past its retention.
 *
 * <pre>{@code
 * MetricsService metrics = new MetricsService(...);
 * runService.onChange(metrics::runChanged);
 * metrics.start();
 * AutoCloseable subscription = metrics.subscribe(pipelineId, event -> ...);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MetricsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

  private final PipelineCatalog pipelines;
  private final RunCatalog runs;
  private final MetricsCatalog store;
  private final Engine engine;
  private final PlanTranslator translator;
  private final InlineSecrets secrets;
  private final SluiceConfig.Metrics config;
  private final PrometheusExport prometheus;

  private final Map<UUID, ExecutionPlan> plans = new ConcurrentHashMap<>();
  private final Map<UUID, LiveMetrics> latestByPipeline = new ConcurrentHashMap<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sluice-metrics");
            t.setDaemon(true);
            return t;
          });

  public MetricsService(
      PipelineCatalog pipelines,
      RunCatalog runs,
      MetricsCatalog store,
      Engine engine,
      PlanTranslator translator,
      InlineSecrets secrets,
      SluiceConfig.Metrics config,
      PrometheusExport prometheus) {
    this.pipelines = pipelines;
    this.runs = runs;
    this.store = store;
    this.engine = engine;
    this.translator = translator;
    this.secrets = secrets;
    this.config = config;
    this.prometheus = prometheus;
  }

  /** Samples every active run each sample interval, and maintains the series each minute. */
  public void start() {
    long every = config.sampleInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::sampleAllQuietly, every, every, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::maintainQuietly, 1, 1, TimeUnit.MINUTES);
  }

  /** A run started or changed state: tell subscribers, and take a last sample when it ended. */
  public void runChanged(Run run) {
    publish(new LiveEvent(LiveEvent.RUN, run.pipelineId(), run));
    if (run.state().isFinal() && run.jobId() != null) {
      scheduler.execute(
          () -> {
            try {
              sample(run);
            } catch (RuntimeException e) {
              LOG.warn("Could not take the last metrics of run {}", run.id(), e);
            }
          });
    }
  }

  /** The newest metrics read for the pipeline's latest run, if any were read since Sluice began. */
  public Optional<LiveMetrics> live(UUID pipelineId) {
    return Optional.ofNullable(latestByPipeline.get(pipelineId));
  }

  /**
   * Sends every event about {@code pipelineId} (every event when null) to {@code consumer} until
   * the returned handle is closed. The consumer runs on Sluice's threads and must be quick.
   */
  public AutoCloseable subscribe(UUID pipelineId, Consumer<LiveEvent> consumer) {
    Subscriber subscriber = new Subscriber(pipelineId, consumer);
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  private record Subscriber(UUID pipelineId, Consumer<LiveEvent> consumer) {}

  private void publish(LiveEvent event) {
    for (Subscriber s : subscribers) {
      if (s.pipelineId() == null || s.pipelineId().equals(event.pipelineId())) {
        try {
          s.consumer().accept(event);
        } catch (RuntimeException e) {
          LOG.debug("A subscriber failed; dropping it", e);
          subscribers.remove(s);
        }
      }
    }
  }

  private void sampleAllQuietly() {
    try {
      for (Run run : runs.allActive()) {
        if (run.jobId() != null) {
          sample(run);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not sample run metrics", e);
    }
  }

  /** Reads, keeps, exports and pushes one run's metrics now; nothing when the engine has none. */
  void sample(Run run) {
    Optional<FlinkMetrics> flink =
        engine.metrics(new JobHandle("p-" + run.pipelineId(), run.jobId()));
    if (flink.isEmpty()) {
      return;
    }
    RunMetrics metrics = NodeMetricsMapper.map(plan(run), flink.get());
    LiveMetrics live = new LiveMetrics(run.pipelineId(), run.id(), run.state(), metrics);
    latestByPipeline.put(run.pipelineId(), live);
    prometheus.update(run.pipelineId(), metrics);
    store.record(run.id(), runSample(metrics), nodeSamples(metrics));
    publish(new LiveEvent(LiveEvent.METRICS, run.pipelineId(), live));
    if (run.state().isFinal()) {
      plans.remove(run.id());
    }
  }

  private ExecutionPlan plan(Run run) {
    return plans.computeIfAbsent(
        run.id(),
        id -> {
          var version =
              pipelines
                  .version(run.pipelineId(), run.version())
                  .orElseThrow(
                      () -> new IllegalStateException("run " + id + " has no stored version"));
          // The plan names the operators whose metrics belong to each node; translating checks the
          // whole node, so a node with a sealed secret needs it opened like for the run itself.
          return translator.translate(
              secrets.opened(
                  run.pipelineId(),
                  version.number(),
                  PipelineJson.read(version.document()).document()));
        });
  }

  private void maintainQuietly() {
    try {
      int deleted = store.maintain(Instant.now(), config.rawRetention(), config.minuteRetention());
      if (deleted > 0) {
        LOG.debug("Pruned {} metric rows past their retention", deleted);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not roll up or prune metrics", e);
    }
  }

  static RunSample runSample(RunMetrics m) {
    RunMetrics.Checkpoints c = m.checkpoints();
    return new RunSample(
        m.at(),
        c.completed(),
        c.failed(),
        c.inProgress(),
        c.lastCompletedAt(),
        c.lastDurationMillis(),
        c.lastSizeBytes(),
        m.restarts(),
        m.uptimeMillis(),
        m.deadLetterRecords());
  }

  static List<NodeSample> nodeSamples(RunMetrics m) {
    return m.nodes().stream().map(n -> nodeSample(m.at(), n)).toList();
  }

  private static NodeSample nodeSample(Instant at, NodeMetrics n) {
    return new NodeSample(
        n.nodeId(),
        at,
        n.recordsIn(),
        n.recordsOut(),
        n.recordsInPerSecond(),
        n.recordsOutPerSecond(),
        n.bytesIn(),
        n.bytesOut(),
        n.deadLetterRecords(),
        n.skippedRecords(),
        n.busyMsPerSecond(),
        n.backPressuredMsPerSecond(),
        n.lagFiles(),
        n.lagBytes(),
        n.lagRecords());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    subscribers.clear();
  }
}
