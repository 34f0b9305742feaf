package io.sluice.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.NodeTotal;
import io.sluice.catalog.Run;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How many records a run read and delivered, from its newest metrics sample: {@code in} is the sum
 * of what its source nodes read, {@code out} the sum of what reached its sink nodes. Which nodes
 * are sources and sinks comes from the plan the run recorded, so a later version of the pipeline
 * does not change an old run's numbers.
 *
 * <pre>{@code
 * Map<UUID, RunTotals.Records> totals = runTotals.of(runs.listBySchedule(scheduleId));
 * }</pre>
 *
 * <p>Thread-safe: state lives in the catalog.
 */
public final class RunTotals {
  private final MetricsCatalog metrics;

  /** Records read by the sources and records that reached the sinks; null where not counted. */
  public record Records(Long in, Long out) {}

  public RunTotals(MetricsCatalog metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The totals of each run that has a metrics sample; runs without one are missing. */
  public Map<UUID, Records> of(List<Run> runs) {
    Map<UUID, List<NodeTotal>> latest =
        metrics.latestNodeTotals(runs.stream().map(Run::id).toList());
    Map<UUID, Records> totals = new HashMap<>();
    for (Run run : runs) {
      List<NodeTotal> nodes = latest.get(run.id());
      if (nodes != null) {
        totals.put(run.id(), records(run.plan(), nodes));
      }
    }
    return totals;
  }

  /** The totals of one run, if it has a metrics sample. */
  public Optional<Records> of(Run run) {
    return Optional.ofNullable(of(List.of(run)).get(run.id()));
  }

  private static Records records(JsonNode plan, List<NodeTotal> nodes) {
    Set<String> sources = new HashSet<>();
    Set<String> sinks = new HashSet<>();
    for (JsonNode step : plan.path("steps")) {
      String kind = step.path("kind").asText();
      if (kind.endsWith("Source")) {
        sources.add(step.path("id").asText());
      } else if (kind.endsWith("Sink")) {
        sinks.add(step.path("id").asText());
      }
    }
    Long in = null;
    Long out = null;
    for (NodeTotal node : nodes) {
      if (node.recordsIn() == null) {
        continue;
      }
      if (sources.contains(node.nodeId())) {
        in = (in == null ? 0 : in) + node.recordsIn();
      } else if (sinks.contains(node.nodeId())) {
        out = (out == null ? 0 : out) + node.recordsIn();
      }
    }
    return new Records(in, out);
  }
}
