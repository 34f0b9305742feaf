package io.sluice.connectors.file.enumerator;

import io.sluice.connectors.file.split.FileSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * Stands in for Flink's coordinator so the enumerator can be driven step by step over real files:
 * one registered reader, asynchronous calls run when the test says so, assignments recorded.
 */
final class RecordingEnumeratorContext implements SplitEnumeratorContext<FileSplit> {
  final List<FileSplit> assigned = new ArrayList<>();
  final Set<Integer> noMoreSplits = new HashSet<>();
  private final List<Runnable> periodic = new ArrayList<>();

  /** Runs the periodic discovery once, as Flink would at the next interval. */
  void discover() {
    periodic.forEach(Runnable::run);
  }

  /** The gauges the enumerator registered, by name. */
  final Map<String, Gauge<?>> gauges = new java.util.HashMap<>();

  /** A metric group that keeps the gauges registered on it and ignores everything else. */
  @Override
  public SplitEnumeratorMetricGroup metricGroup() {
    return (SplitEnumeratorMetricGroup)
        java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {SplitEnumeratorMetricGroup.class},
            (proxy, method, args) -> {
              if (method.getName().equals("gauge") && args.length == 2) {
                gauges.put(String.valueOf(args[0]), (Gauge<?>) args[1]);
                return args[1];
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** The value of a registered gauge. */
  long gauge(String name) {
    return ((Number) gauges.get(name).getValue()).longValue();
  }

  @Override
  public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
    throw new UnsupportedOperationException("not used by the file enumerator");
  }

  @Override
  public int currentParallelism() {
    return 1;
  }

  @Override
  public Map<Integer, ReaderInfo> registeredReaders() {
    return Map.of(0, new ReaderInfo(0, "localhost"));
  }

  @Override
  public void assignSplits(SplitsAssignment<FileSplit> newSplitAssignments) {
    newSplitAssignments.assignment().values().forEach(assigned::addAll);
  }

  @Override
  public void signalNoMoreSplits(int subtask) {
    noMoreSplits.add(subtask);
  }

  @Override
  public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
    call(callable, handler);
  }

  @Override
  public <T> void callAsync(
      Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
    periodic.add(() -> call(callable, handler));
  }

  @Override
  public void runInCoordinatorThread(Runnable runnable) {
    runnable.run();
  }

  private static <T> void call(Callable<T> callable, BiConsumer<T, Throwable> handler) {
    T result;
    try {
      result = callable.call();
    } catch (Exception e) {
      handler.accept(null, e);
      return;
    }
    handler.accept(result, null);
  }
}
