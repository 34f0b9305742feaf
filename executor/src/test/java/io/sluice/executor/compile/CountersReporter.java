package io.sluice.executor.compile;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps every counter it is told about, by its full name, so a test
 * reads a job's counters after the job ended. Configure with {@link #configure}.
 */
public final class CountersReporter implements MetricReporter, MetricReporterFactory {
  private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

  /** Registers this reporter in a MiniCluster's configuration. */
  public static void configure(org.apache.flink.configuration.Configuration config) {
    config.setString("metrics.reporter.counters.factory.class", CountersReporter.class.getName());
  }

  /** The sum of the counters whose full names end with {@code suffix} and contain {@code part}. */
  public static long sum(String part, String suffix) {
    return COUNTERS.entrySet().stream()
        .filter(e -> e.getKey().contains(part) && e.getKey().endsWith(suffix))
        .mapToLong(e -> e.getValue().getCount())
        .sum();
  }

  /** Every counter's full name, for a failing assertion to show. */
  public static String names() {
    return String.join("\n", new java.util.TreeSet<>(COUNTERS.keySet()));
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return this;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter counter) {
      COUNTERS.put(group.getMetricIdentifier(name), counter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
}
