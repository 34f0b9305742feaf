package io.sluice.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.executor.metrics.NodeMetrics;
import io.sluice.executor.metrics.RunMetrics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The newest metrics of every pipeline as Micrometer meters, scraped in Prometheus text format.
 * Node meters carry the labels {@code pipeline} (its id) and {@code node}; run meters {@code
 * pipeline}. Meters appear the first time a pipeline's run reports and then keep the newest value,
 * so a stopped pipeline's counters stay where they ended.
 *
 * <p>{@code export.update(pipelineId, runMetrics); String text = export.scrape(); }
 *
 * <p>Thread-safe.
 */
public final class PrometheusExport {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Held strongly: Micrometer keeps only weak references to what its functions read. */
  private final Map<List<String>, NodeMetrics> nodes = new ConcurrentHashMap<>();

  private final Map<String, RunMetrics> runs = new ConcurrentHashMap<>();

  public void update(UUID pipelineId, RunMetrics metrics) {
    String pipeline = pipelineId.toString();
    if (runs.put(pipeline, metrics) == null) {
      registerRun(pipeline);
    }
    for (NodeMetrics node : metrics.nodes()) {
      List<String> key = List.of(pipeline, node.nodeId());
      if (nodes.put(key, node) == null) {
        registerNode(key, node.kind());
      }
    }
  }

  /** Every meter in the Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  private void registerNode(List<String> key, String kind) {
    Tags tags = Tags.of("pipeline", key.get(0), "node", key.get(1), "kind", kind);
    counter(
        key, tags, "sluice.node.records.in", "Records that reached the node", n -> n.recordsIn());
    counter(
        key, tags, "sluice.node.records.out", "Records the node passed on", n -> n.recordsOut());
    counter(
        key, tags, "sluice.node.bytes.in", "Bytes received over the network", NodeMetrics::bytesIn);
    counter(
        key, tags, "sluice.node.bytes.out", "Bytes sent over the network", NodeMetrics::bytesOut);
    counter(
        key,
        tags,
        "sluice.node.dead.letter.records",
        "Records sent to the dead-letter",
        NodeMetrics::deadLetterRecords);
    counter(
        key,
        tags,
        "sluice.node.skipped.records",
        "Unreadable records skipped",
        NodeMetrics::skippedRecords);
    gauge(
        key,
        tags,
        "sluice.node.records.in.rate",
        "Records per second reaching the node",
        NodeMetrics::recordsInPerSecond);
    gauge(
        key,
        tags,
        "sluice.node.records.out.rate",
        "Records per second the node passes on",
        NodeMetrics::recordsOutPerSecond);
    gauge(
        key,
        tags,
        "sluice.node.busy.ms.per.second",
        "Milliseconds per second the node's task was busy",
        NodeMetrics::busyMsPerSecond);
    gauge(
        key,
        tags,
        "sluice.node.back.pressured.ms.per.second",
        "Milliseconds per second the node's task waited for downstream",
        NodeMetrics::backPressuredMsPerSecond);
    gauge(
        key,
        tags,
        "sluice.node.lag.files",
        "Files a source has discovered but not yet read",
        NodeMetrics::lagFiles);
    gauge(
        key,
        tags,
        "sluice.node.lag.bytes",
        "Bytes of the files a source has discovered but not yet read",
        NodeMetrics::lagBytes);
    gauge(
        key,
        tags,
        "sluice.node.lag.records",
        "Records in a Kafka source's partitions not yet read",
        NodeMetrics::lagRecords);
  }

  private void counter(
      List<String> key, Tags tags, String name, String help, Function<NodeMetrics, Number> value) {
    FunctionCounter.builder(name, nodes, m -> number(value, m.get(key)))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  private void gauge(
      List<String> key, Tags tags, String name, String help, Function<NodeMetrics, Number> value) {
    Gauge.builder(name, nodes, m -> number(value, m.get(key)))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  private void registerRun(String pipeline) {
    Tags tags = Tags.of("pipeline", pipeline);
    runCounter(
        pipeline,
        tags,
        "sluice.run.checkpoints.completed",
        "Checkpoints completed by the run's job",
        r -> r.checkpoints().completed());
    runCounter(
        pipeline,
        tags,
        "sluice.run.checkpoints.failed",
        "Checkpoints that failed",
        r -> r.checkpoints().failed());
    runCounter(
        pipeline, tags, "sluice.run.restarts", "Restarts after failures", RunMetrics::restarts);
    runCounter(
        pipeline,
        tags,
        "sluice.run.dead.letter.records",
        "Records written to the dead-letter",
        RunMetrics::deadLetterRecords);
    runGauge(
        pipeline,
        tags,
        "sluice.run.last.checkpoint.duration.ms",
        "Duration of the newest completed checkpoint",
        r -> r.checkpoints().lastDurationMillis());
    runGauge(
        pipeline,
        tags,
        "sluice.run.last.checkpoint.size.bytes",
        "Size of the newest completed checkpoint",
        r -> r.checkpoints().lastSizeBytes());
    runGauge(
        pipeline,
        tags,
        "sluice.run.last.checkpoint.timestamp.seconds",
        "When the newest checkpoint completed, in seconds since the epoch",
        r ->
            r.checkpoints().lastCompletedAt() == null
                ? null
                : r.checkpoints().lastCompletedAt().toEpochMilli() / 1000.0);
    runGauge(
        pipeline,
        tags,
        "sluice.run.uptime.ms",
        "How long the run's job has been running",
        RunMetrics::uptimeMillis);
  }

  private void runCounter(
      String pipeline, Tags tags, String name, String help, Function<RunMetrics, Number> value) {
    FunctionCounter.builder(name, runs, m -> number(value, m.get(pipeline)))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  private void runGauge(
      String pipeline, Tags tags, String name, String help, Function<RunMetrics, Number> value) {
    Gauge.builder(name, runs, m -> number(value, m.get(pipeline)))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  /** NaN, Prometheus's "no value", where nothing was measured. */
  private static <T> double number(Function<T, Number> value, T metrics) {
    if (metrics == null) {
      return Double.NaN;
    }
    Number n = value.apply(metrics);
    return n == null ? Double.NaN : n.doubleValue();
  }
}
