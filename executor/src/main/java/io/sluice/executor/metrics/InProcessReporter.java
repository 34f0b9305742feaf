package io.sluice.executor.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink {@link MetricReporter} that keeps the metrics of every job in this process so that they
 * can be read at any moment as {@link FlinkMetrics}. The embedded engine registers it on its
 * MiniCluster's metric registry; nothing leaves the process.
 *
 * <p>It keeps job, task and operator metrics (Flink's logical scopes {@code jobmanager.job}, {@code
 * taskmanager.job.task} and {@code taskmanager.job.task.operator}) and ignores process-level ones
 * and nested groups. When Flink removes a metric (a task finished or restarts) the reporter keeps
 * its last value, so the final counts of a finished job can still be read; a task that restarts
 * registers new metrics, which count from zero again. A job whose metrics are all removed is
 * forgotten {@link #RETAIN_FINISHED} later.
 *
 * <pre>{@code
 * InProcessReporter reporter = new InProcessReporter();
 * // registered as a ReporterSetup of the MiniCluster's MetricRegistryImpl
 * Optional<FlinkMetrics> now = reporter.snapshot(jobId);
 * }</pre>
 *
 * <p>Thread-safe: Flink adds and removes metrics from its own threads while readers take snapshots.
 */
public final class InProcessReporter implements MetricReporter {

  /** How long the last values of a job stay readable after its last metric was removed. */
  public static final Duration RETAIN_FINISHED = Duration.ofMinutes(10);

  private static final String JOB = "job";
  private static final String TASK = "task";
  private static final String OPERATOR = "operator";

  private final Clock clock;
  private final Map<String, JobEntries> jobs = new ConcurrentHashMap<>();

  public InProcessReporter() {
    this(Clock.systemUTC());
  }

  InProcessReporter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    jobs.clear();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    Key key = key(metricName, group);
    if (key == null) {
      return;
    }
    evictFinished();
    jobs.computeIfAbsent(key.jobId, id -> new JobEntries()).add(key, metric);
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    Key key = key(metricName, group);
    if (key == null) {
      return;
    }
    JobEntries entries = jobs.get(key.jobId);
    if (entries != null) {
      entries.remove(key, metric, clock.instant());
    }
  }

  /** The job's metrics now, or empty when this reporter has never seen (or forgot) the job. */
  public Optional<FlinkMetrics> snapshot(String jobId) {
    JobEntries entries = jobs.get(jobId);
    if (entries == null) {
      return Optional.empty();
    }
    return Optional.of(entries.snapshot(jobId, clock.instant()));
  }

  private void evictFinished() {
    Instant limit = clock.instant().minus(RETAIN_FINISHED);
    jobs.values().removeIf(e -> e.finishedBefore(limit));
  }

  /** Where a metric belongs, or null for metrics Sluice does not read. */
  private static Key key(String metricName, MetricGroup group) {
    Map<String, String> variables = group.getAllVariables();
    String jobId = variables.get("<job_id>");
    if (jobId == null) {
      return null;
    }
    String scope;
    try {
      scope = LogicalScopeProvider.castFrom(group).getLogicalScope(s -> s, '.');
    } catch (IllegalStateException e) {
      return null; // not one of Flink's own groups
    }
    int subtask = parseInt(variables.get("<subtask_index>"));
    switch (scope) {
      case "jobmanager.job":
        return new Key(jobId, JOB, "", "", 0, metricName);
      case "taskmanager.job.task":
        return new Key(
            jobId,
            TASK,
            variables.getOrDefault("<task_id>", ""),
            variables.getOrDefault("<task_name>", ""),
            subtask,
            metricName);
      case "taskmanager.job.task.operator":
        return new Key(
            jobId,
            OPERATOR,
            variables.getOrDefault("<operator_id>", ""),
            variables.getOrDefault("<operator_name>", ""),
            subtask,
            metricName);
      default:
        // A source's enumerator reports on the job manager, in groups below its operator
        // (jobmanager.job.operator.coordinator.enumerator): kept with the operator, as subtask 0.
        if (scope.startsWith("jobmanager.job.operator")) {
          return new Key(
              jobId,
              OPERATOR,
              variables.getOrDefault("<operator_id>", ""),
              variables.getOrDefault("<operator_name>", ""),
              0,
              metricName);
        }
        return null;
    }
  }

  private static int parseInt(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private record Key(
      String jobId, String scope, String id, String name, int subtask, String metric) {}

  /** A metric Flink still updates, or the value it had when Flink removed it. */
  private static final class Entry {
    private volatile Metric live;
    private volatile Double last;

    Entry(Metric live) {
      this.live = live;
    }

    Double value() {
      Metric metric = live;
      return metric == null ? last : valueOf(metric);
    }

    void freeze() {
      Metric metric = live;
      if (metric != null) {
        // A finished task has no rate any more; counters and gauges keep their last value.
        last = metric instanceof Meter ? Double.valueOf(0) : valueOf(metric);
        live = null;
      }
    }
  }

  private static Double valueOf(Metric metric) {
    if (metric instanceof Counter counter) {
      return (double) counter.getCount();
    }
    if (metric instanceof Meter meter) {
      return meter.getRate();
    }
    if (metric instanceof Gauge<?> gauge) {
      Object value;
      try {
        value = gauge.getValue();
      } catch (RuntimeException e) {
        return null; // a gauge whose source is gone
      }
      return value instanceof Number n ? n.doubleValue() : null;
    }
    return null; // histograms: not read
  }

  private static final class JobEntries {
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private volatile Instant allRemovedAt;

    void add(Key key, Metric metric) {
      entries.put(key, new Entry(metric));
      allRemovedAt = null;
    }

    void remove(Key key, Metric metric, Instant now) {
      Entry entry = entries.get(key);
      if (entry != null && entry.live == metric) {
        entry.freeze();
      }
      if (entries.values().stream().allMatch(e -> e.live == null)) {
        allRemovedAt = now;
      }
    }

    boolean finishedBefore(Instant limit) {
      Instant removed = allRemovedAt;
      return removed != null && removed.isBefore(limit);
    }

    FlinkMetrics snapshot(String jobId, Instant now) {
      Map<String, Double> job = new HashMap<>();
      Map<List<Object>, Map<String, Double>> tasks = new HashMap<>();
      Map<List<Object>, Map<String, Double>> operators = new HashMap<>();
      entries.forEach(
          (key, entry) -> {
            Double value = entry.value();
            if (value == null || value.isNaN()) {
              return;
            }
            switch (key.scope) {
              case JOB -> job.put(key.metric, value);
              case TASK ->
                  tasks
                      .computeIfAbsent(List.of(key.id, key.name, key.subtask), k -> new HashMap<>())
                      .put(key.metric, value);
              default ->
                  operators
                      .computeIfAbsent(List.of(key.id, key.name, key.subtask), k -> new HashMap<>())
                      .put(key.metric, value);
            }
          });
      return new FlinkMetrics(jobId, now, job, scoped(tasks), scoped(operators));
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
  }
}
