package io.sluice.executor.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's metrics in Flink's own words, as Flink reports them: job-level values (checkpoints,
 * restarts), task-level values (busy and back-pressured time, bytes) and operator-level values
 * (records in and out, user counters such as {@code badRecords}), each per subtask.
 *
 * <p>The embedded engine fills it from an in-process {@link InProcessReporter}; a remote placement
 * fills the same record from Flink's REST API ({@code /jobs/<id>}, {@code
 * /jobs/<id>/vertices/<vertex>/subtasks/metrics}), whose vertices are tasks and whose metric names
 * are the same. {@link NodeMetricsMapper} turns it into Sluice's {@link RunMetrics}.
 *
 * <pre>{@code
 * FlinkMetrics m = engine.metrics(job).orElseThrow();
 * m.job().get("numberOfCompletedCheckpoints");
 * }</pre>
 *
 * @param jobId Flink's job id
 * @param at when the values were read
 * @param job job-level values by metric name
 * @param tasks one entry per task (a chain of operators) and subtask
 * @param operators one entry per operator and subtask
 */
public record FlinkMetrics(
    String jobId, Instant at, Map<String, Double> job, List<Scoped> tasks, List<Scoped> operators) {

  public FlinkMetrics {
    Objects.requireNonNull(jobId);
    Objects.requireNonNull(at);
    job = Map.copyOf(job);
    tasks = List.copyOf(tasks);
    operators = List.copyOf(operators);
  }

  /**
   * The values of one task or operator on one subtask.
   *
   * @param id Flink's operator id (32 hex digits, derived from the operator's uid, see {@link
   *     OperatorIds}) or task (vertex) id; empty when unknown
   * @param name the task name (operator names joined by {@code " -> "}) or the operator name
   * @param subtask the subtask index
   * @param values values by metric name
   */
  public record Scoped(String id, String name, int subtask, Map<String, Double> values) {
    public Scoped {
      Objects.requireNonNull(id);
      Objects.requireNonNull(name);
      values = Map.copyOf(values);
    }

    /** Values of a task or operator whose id is not known. */
    public Scoped(String name, int subtask, Map<String, Double> values) {
      this("", name, subtask, values);
    }
  }
}
