package io.sluice.benchmarks;

import java.util.List;

/**
 * One timed load of all rows.
 *
 * @param seconds from the start of the load until every row was committed and visible
 * @param steadyRowsPerSecond rows per second between the first and the last commit seen, without
 *     the start-up and the wait for the first checkpoint; NaN when not measured
 * @param commits when (seconds after the start) the visible row count changed, and to what
 * @param jvmCpuSeconds CPU time the benchmark's JVM (with Sluice in it) used during the load
 * @param clientCpuSeconds CPU time of the psql processes of the load; 0 for Sluice
 * @param serverCpuSeconds CPU time the target PostgreSQL used during the load
 */
record LoadResult(
    String loader,
    long rows,
    double seconds,
    double steadyRowsPerSecond,
    List<Commit> commits,
    double jvmCpuSeconds,
    double clientCpuSeconds,
    double serverCpuSeconds) {

  /** CPU seconds this JVM has used so far, all threads. */
  static double jvmCpuNow() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  record Commit(double seconds, long rows) {}

  /** Everything the load cost in CPU: the JVM, psql and the server. */
  double totalCpuSeconds() {
    return jvmCpuSeconds + clientCpuSeconds + serverCpuSeconds;
  }

  double rowsPerSecond() {
    return rows / seconds;
  }
}
