package io.sluice.connectors.generator.enumerator;

import io.sluice.connectors.generator.split.GeneratorSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands every split to a reader once, when that reader registers: split {@code i} goes to subtask
 * {@code i % parallelism}. Then it tells the reader that no more splits will come, so a bounded
 * generator can finish.
 *
 * <p>Splits that come back from a failed reader go to the same subtask when it registers again. Not
 * thread-safe: Flink calls it from the coordinator thread only.
 */
public final class GeneratorSplitEnumerator
    implements SplitEnumerator<GeneratorSplit, GeneratorEnumeratorState> {

  private final SplitEnumeratorContext<GeneratorSplit> context;
  private final List<GeneratorSplit> unassigned;
  private final Map<Integer, List<GeneratorSplit>> returned = new HashMap<>();

  public GeneratorSplitEnumerator(
      SplitEnumeratorContext<GeneratorSplit> context, List<GeneratorSplit> unassigned) {
    this.context = context;
    this.unassigned = new ArrayList<>(unassigned);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    // Readers never ask: they are given their splits on registration.
  }

  @Override
  public void addSplitsBack(List<GeneratorSplit> splits, int subtaskId) {
    returned.computeIfAbsent(subtaskId, id -> new ArrayList<>()).addAll(splits);
  }

  @Override
  public void addReader(int subtaskId) {
    int parallelism = context.currentParallelism();
    List<GeneratorSplit> assignment = new ArrayList<>();
    List<GeneratorSplit> back = returned.remove(subtaskId);
    if (back != null) {
      assignment.addAll(back);
    }
    unassigned.removeIf(
        split -> {
          if (split.index() % parallelism == subtaskId) {
            assignment.add(split);
            return true;
          }
          return false;
        });
    for (GeneratorSplit split : assignment) {
      context.assignSplit(split, subtaskId);
    }
    context.signalNoMoreSplits(subtaskId);
  }

  @Override
  public GeneratorEnumeratorState snapshotState(long checkpointId) {
    List<GeneratorSplit> all = new ArrayList<>(unassigned);
    returned.values().forEach(all::addAll);
    return new GeneratorEnumeratorState(all);
  }

  @Override
  public void close() {}
}
