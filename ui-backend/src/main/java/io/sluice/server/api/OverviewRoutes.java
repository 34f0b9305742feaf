package io.sluice.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.NodeSample;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineSummary;
import io.sluice.catalog.Run;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.RunSample;
import io.sluice.catalog.RunState;
import io.sluice.catalog.ScheduleStatus;
import io.sluice.executor.metrics.RunMetrics;
import io.sluice.model.document.Durations;
import io.sluice.model.document.Node;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.NodeRole;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.server.SluiceConfig;
import io.sluice.server.auth.Role;
import io.sluice.server.metrics.LiveMetrics;
import io.sluice.server.metrics.MetricsService;
import io.sluice.server.schedule.ScheduleService;
import io.sluice.server.schedule.ScheduleView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/overview}: every pipeline with what the monitoring overview shows of it in one
 * answer (its latest run, schedule, newest metrics and the last hour of throughput), so the page
 * does not ask once per pipeline.
 *
 * <p>The hour is read at a coarse step ({@link #STEP}); throughput in is what the pipeline's
 * sources read per second, throughput out what its sinks received per second.
 */
public final class OverviewRoutes {
  /** How far back the sparkline of each pipeline reaches. */
  static final Duration WINDOW = Duration.ofHours(1);

  /** The step of the sparkline: 60 points in the hour. */
  static final Duration STEP = Duration.ofMinutes(1);

  private final PipelineCatalog pipelines;
  private final RunCatalog runs;
  private final ScheduleService schedules;
  private final MetricsService metrics;
  private final MetricsCatalog store;
  private final NodeTypeRegistry nodeTypes;
  private final SluiceConfig.Metrics config;

  public OverviewRoutes(
      PipelineCatalog pipelines,
      RunCatalog runs,
      ScheduleService schedules,
      MetricsService metrics,
      MetricsCatalog store,
      NodeTypeRegistry nodeTypes,
      SluiceConfig.Metrics config) {
    this.pipelines = pipelines;
    this.runs = runs;
    this.schedules = schedules;
    this.metrics = metrics;
    this.store = store;
    this.nodeTypes = nodeTypes;
    this.config = config;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/overview", this::overview, Role.VIEWER);
  }

  /** The whole answer: when it was made, the window and step of every series, the pipelines. */
  record Overview(Instant at, Instant from, String step, List<PipelineOverview> pipelines) {}

  /**
   * One pipeline.
   *
   * @param latestRun its newest run, null when it never ran
   * @param schedule its schedule's kind and status, null without one
   * @param metrics the newest metrics of the latest run, null when none were read since Sluice
   *     started
   * @param lastCheckpointAt when the latest run's newest checkpoint completed
   * @param restartsInWindow automatic restarts of the latest run within the window
   * @param throughput the window's points, oldest first
   */
  record PipelineOverview(
      UUID id,
      String name,
      String description,
      int latestVersion,
      Instant updatedAt,
      RunHead latestRun,
      ScheduleHead schedule,
      RunMetrics metrics,
      Instant lastCheckpointAt,
      Long restartsInWindow,
      List<ThroughputPoint> throughput) {}

  /** What the overview shows of a run. */
  record RunHead(
      UUID id, RunState state, String failure, int version, Instant createdAt, Instant endedAt) {}

  /** What the overview shows of a schedule. */
  record ScheduleHead(String kind, ScheduleStatus status, boolean paused, String attention) {}

  /**
   * One step of the sparkline: records per second read by the sources and received by the sinks
   * (null where nothing was measured).
   */
  record ThroughputPoint(Instant at, Double recordsInPerSecond, Double recordsOutPerSecond) {}

  private void overview(Context ctx) {
    Instant now = Instant.now();
    Instant from = now.minus(WINDOW);
    Map<UUID, Run> latestRuns = runs.latestPerPipeline();
    Map<UUID, ScheduleView> byPipeline =
        schedules.list().stream()
            .collect(Collectors.toMap(ScheduleView::pipelineId, Function.identity(), (a, b) -> a));
    List<PipelineOverview> list =
        pipelines.list(null).stream()
            .map(p -> overview(p, latestRuns.get(p.id()), byPipeline.get(p.id()), from, now))
            .toList();
    ctx.json(new Overview(now, from, Durations.format(STEP), list));
  }

  private PipelineOverview overview(
      PipelineSummary p, Run run, ScheduleView schedule, Instant from, Instant now) {
    ScheduleHead scheduleHead =
        schedule == null
            ? null
            : new ScheduleHead(
                schedule.kind(), schedule.status(), schedule.paused(), schedule.attention());
    if (run == null) {
      return new PipelineOverview(
          p.id(),
          p.name(),
          p.description(),
          p.latestVersion(),
          p.updatedAt(),
          null,
          scheduleHead,
          null,
          null,
          null,
          List.of());
    }
    RunMetrics live =
        metrics
            .live(p.id())
            .filter(m -> run.id().equals(m.runId()))
            .map(LiveMetrics::metrics)
            .orElse(null);
    MetricsCatalog.Series series =
        store.series(run.id(), from, now, STEP, now, config.rawRetention());
    Instant lastCheckpoint =
        live != null && live.checkpoints().lastCompletedAt() != null
            ? live.checkpoints().lastCompletedAt()
            : series.run().stream()
                .map(RunSample::lastCheckpointAt)
                .filter(java.util.Objects::nonNull)
                .reduce((a, b) -> b)
                .orElse(null);
    return new PipelineOverview(
        p.id(),
        p.name(),
        p.description(),
        p.latestVersion(),
        p.updatedAt(),
        new RunHead(
            run.id(), run.state(), run.failure(), run.version(), run.createdAt(), run.endedAt()),
        scheduleHead,
        live,
        lastCheckpoint,
        restarts(series.run()),
        throughput(series.nodes(), roles(run)));
  }

  /** The roles of the run's nodes, from the version it ran; empty when it cannot be read. */
  private Map<String, NodeRole> roles(Run run) {
    Map<String, NodeRole> roles = new HashMap<>();
    pipelines
        .version(run.pipelineId(), run.version())
        .ifPresent(
            v -> {
              for (Node node : PipelineJson.read(v.document()).document().nodes()) {
                nodeTypes
                    .find(node.type(), node.typeVersion())
                    .map(NodeTypeDescriptor::role)
                    .ifPresent(role -> roles.put(node.id().value(), role));
              }
            });
    return roles;
  }

  static List<ThroughputPoint> throughput(List<NodeSample> samples, Map<String, NodeRole> roles) {
    Map<Instant, Double[]> byStep = new TreeMap<>();
    for (NodeSample s : samples) {
      NodeRole role = roles.get(s.nodeId());
      Double[] point = byStep.computeIfAbsent(s.at(), at -> new Double[2]);
      if (role == NodeRole.SOURCE && s.recordsOutRate() != null) {
        point[0] = (point[0] == null ? 0 : point[0]) + s.recordsOutRate();
      } else if (role == NodeRole.SINK && s.recordsInRate() != null) {
        point[1] = (point[1] == null ? 0 : point[1]) + s.recordsInRate();
      }
    }
    return byStep.entrySet().stream()
        .map(e -> new ThroughputPoint(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  private static Long restarts(List<RunSample> samples) {
    List<Long> counts = samples.stream().map(RunSample::restarts).filter(r -> r != null).toList();
    if (counts.isEmpty()) {
      return null;
    }
    // Within one job the count only grows; a run that resumed in a new job starts again at zero.
    long total = 0;
    for (int i = 1; i < counts.size(); i++) {
      long delta = counts.get(i) - counts.get(i - 1);
      total += delta >= 0 ? delta : counts.get(i);
    }
    return total;
  }
}
