package io.sluice.executor.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The metrics of a run at one moment: every node's, and the job's checkpoints, restarts and uptime.
 * Values are those of the Flink job the run is on now; a run that resumed in a new job counts from
 * zero again, and a restart inside a job counts records again from the restored checkpoint.
 *
 * <pre>{@code
 * RunMetrics m = NodeMetricsMapper.map(plan, engine.metrics(job).orElseThrow());
 * m.node("orders").recordsOut();
 * }</pre>
 *
 * @param at when Flink's values were read
 * @param jobId the Flink job
 * @param nodes one entry per pipeline node, in plan order
 * @param checkpoints the job's checkpoints
 * @param restarts how often the job restarted after a failure
 * @param uptimeMillis how long the job has been running, null when it is not running
 * @param deadLetterRecords records written to the dead-letter by all nodes
 */
public record RunMetrics(
    Instant at,
    String jobId,
    List<NodeMetrics> nodes,
    Checkpoints checkpoints,
    Long restarts,
    Long uptimeMillis,
    Long deadLetterRecords) {

  public RunMetrics {
    Objects.requireNonNull(at);
    Objects.requireNonNull(jobId);
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(checkpoints);
  }

  /** The node's metrics, or null when the plan has no such node. */
  public NodeMetrics node(String nodeId) {
    return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElse(null);
  }

  /**
   * A job's checkpoints.
   *
   * @param completed checkpoints completed
   * @param failed checkpoints that failed
   * @param inProgress checkpoints under way
   * @param lastCompletedAt when the newest completed, null before the first
   * @param lastDurationMillis how long the newest completed one took
   * @param lastSizeBytes the size of the newest completed one
   */
  public record Checkpoints(
      Long completed,
      Long failed,
      Long inProgress,
      Instant lastCompletedAt,
      Long lastDurationMillis,
      Long lastSizeBytes) {}
}
