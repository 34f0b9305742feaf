package io.sluice.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.NodeSample;
import io.sluice.catalog.Run;
import io.sluice.model.document.Durations;
import io.sluice.model.problem.Problem;
import io.sluice.server.SluiceConfig;
import io.sluice.server.auth.Role;
import io.sluice.server.metrics.LiveEvent;
import io.sluice.server.metrics.LiveMetrics;
import io.sluice.server.metrics.MetricsService;
import io.sluice.server.metrics.PrometheusExport;
import io.sluice.server.runs.RunService;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Metrics: a run's time series, a pipeline's live values, the event stream (SSE) of live values and
 * run state changes, and {@code /metrics} for Prometheus.
 */
public final class MetricsRoutes {
  /** The most points a series may have; a longer range needs a coarser step. */
  public static final int MAX_POINTS = 10_000;

  /** The points a series has when no step is asked for. */
  static final int DEFAULT_POINTS = 720;

  private final RunService runs;
  private final MetricsService metrics;
  private final MetricsCatalog store;
  private final PrometheusExport prometheus;
  private final SluiceConfig.Metrics config;
  private final ObjectMapper mapper;

  public MetricsRoutes(
      RunService runs,
      MetricsService metrics,
      MetricsCatalog store,
      PrometheusExport prometheus,
      SluiceConfig.Metrics config,
      ObjectMapper mapper) {
    this.runs = runs;
    this.metrics = metrics;
    this.store = store;
    this.prometheus = prometheus;
    this.config = config;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/runs/{runId}/metrics", this::series, Role.VIEWER);
    routes.get("/api/pipelines/{id}/metrics/live", this::live, Role.VIEWER);
    routes.get("/api/events", this::events, Role.VIEWER);
    routes.get("/metrics", this::prometheus, Role.VIEWER);
  }

  /** A series: {@code {runId, from, to, step, resolution, run: [...], nodes: {id: [...]}}}. */
  record SeriesResponse(
      UUID runId,
      Instant from,
      Instant to,
      String step,
      String resolution,
      List<?> run,
      Map<String, List<NodeSample>> nodes) {}

  private void series(Context ctx) {
    UUID runId = uuid(ctx.pathParam("runId"), "run");
    List<Problem> problems = new ArrayList<>();
    Instant now = Instant.now();
    Instant to = instant(ctx, "to", problems).orElse(now);
    Instant from = instant(ctx, "from", problems).orElse(to.minus(Duration.ofHours(1)));
    Optional<Duration> step = step(ctx, problems);
    if (problems.isEmpty() && !from.isBefore(to)) {
      problems.add(
          new Problem(null, "from", "empty-range", "'from' must be before 'to' (" + to + ")."));
    }
    Duration range = Duration.between(from, to);
    if (problems.isEmpty()
        && step.isPresent()
        && range.toMillis() / step.get().toMillis() > MAX_POINTS) {
      problems.add(
          new Problem(
              null,
              "step",
              "too-many-points",
              "A step of "
                  + Durations.format(step.get())
                  + " gives more than "
                  + MAX_POINTS
                  + " points from 'from' to 'to'; choose a coarser step."));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          "invalid-query-parameter",
          problems.size() == 1
              ? problems.get(0).message()
              : "The query has " + problems.size() + " problems; see errors.",
          problems);
    }
    Run run = runs.get(runId); // 404 when there is no such run
    Duration chosen =
        step.orElseGet(
            () ->
                Duration.ofSeconds(
                    Math.max(
                        MetricsCatalog.RAW,
                        (long) Math.ceil(range.toSeconds() / (double) DEFAULT_POINTS))));
    MetricsCatalog.Series series =
        store.series(run.id(), from, to, chosen, now, config.rawRetention());
    Map<String, List<NodeSample>> nodes = new LinkedHashMap<>();
    for (NodeSample sample : series.nodes()) {
      nodes.computeIfAbsent(sample.nodeId(), k -> new ArrayList<>()).add(sample);
    }
    ctx.json(
        new SeriesResponse(
            run.id(),
            from,
            to,
            Durations.format(series.step()),
            Durations.format(Duration.ofSeconds(series.resolution())),
            series.run(),
            nodes));
  }

  private void live(Context ctx) {
    UUID pipelineId = uuid(ctx.pathParam("id"), "pipeline");
    List<Run> list = runs.list(pipelineId); // 404 when there is no such pipeline
    if (list.isEmpty()) {
      ctx.json(new LiveMetrics(pipelineId, null, null, null));
      return;
    }
    Run latest = list.get(0);
    LiveMetrics live =
        metrics
            .live(pipelineId)
            .filter(m -> m.runId().equals(latest.id()))
            .map(m -> new LiveMetrics(pipelineId, latest.id(), latest.state(), m.metrics()))
            .orElse(new LiveMetrics(pipelineId, latest.id(), latest.state(), null));
    ctx.json(live);
  }

  /**
   * Server-sent events: {@code metrics} (a {@link LiveMetrics}) each time a run's metrics are read,
   * {@code run} (the run) each time a run starts or changes state. {@code ?pipeline=<id>} narrows
   * the stream to one pipeline.
   */
  private void events(Context ctx) throws Exception {
    String raw = ctx.queryParam("pipeline");
    UUID pipelineId = null;
    if (raw != null) {
      try {
        pipelineId = UUID.fromString(raw.trim());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "invalid-query-parameter",
            "'pipeline' must be a pipeline id (a UUID), was '" + raw + "'.",
            List.of(
                new Problem(
                    null,
                    "pipeline",
                    "invalid-id",
                    "'pipeline' must be a pipeline id (a UUID), was '" + raw + "'.")));
      }
      runs.list(pipelineId); // 404 when there is no such pipeline
    }
    UUID filter = pipelineId;
    new SseHandler(0, client -> stream(client, filter)).handle(ctx);
  }

  private void stream(SseClient client, UUID pipelineId) {
    client.keepAlive();
    AutoCloseable subscription =
        metrics.subscribe(
            pipelineId,
            event -> {
              if (client.terminated()) {
                throw new IllegalStateException("the client has gone");
              }
              // Samples and run changes are published from different threads; one event at a
              // time keeps the stream's lines from interleaving.
              synchronized (client) {
                client.sendEvent(event.type(), json(event.data()));
              }
            });
    client.onClose(
        () -> {
          try {
            subscription.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    // Tell the client at once what there is, rather than leave it waiting for the next sample.
    if (pipelineId != null) {
      metrics
          .live(pipelineId)
          .ifPresent(
              live -> {
                synchronized (client) {
                  client.sendEvent(LiveEvent.METRICS, json(live));
                }
              });
    }
  }

  private String json(Object data) {
    try {
      return mapper.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an event as JSON", e);
    }
  }

  private void prometheus(Context ctx) {
    ctx.contentType(PrometheusExport.CONTENT_TYPE).result(prometheus.scrape());
  }

  private static Optional<Instant> instant(Context ctx, String name, List<Problem> problems) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(raw.trim()));
    } catch (DateTimeParseException e) {
      problems.add(
          new Problem(
              null,
              name,
              "invalid-instant",
              "'"
                  + name
                  + "' must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, was '"
                  + raw
                  + "'."));
      return Optional.empty();
    }
  }

  private static Optional<Duration> step(Context ctx, List<Problem> problems) {
    String raw = ctx.queryParam("step");
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    Optional<Duration> step = Durations.parse(raw.trim());
    if (step.isEmpty() || step.get().toMillis() < 1000 || step.get().toMillis() % 1000 != 0) {
      problems.add(
          new Problem(
              null,
              "step",
              "invalid-step",
              "'step' must be a whole number of seconds, minutes, hours or days such as 5s or"
                  + " 1m, was '"
                  + raw
                  + "'."));
      return Optional.empty();
    }
    return step;
  }

  private static UUID uuid(String raw, String what) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No " + what + " has the id '" + raw + "' (ids are UUIDs).");
    }
  }
}
