package io.sluice.connectors.postgres.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands a source's one split to subtask 0 when it registers, and takes it back when that reader
 * fails. The database sources read one position (an offset, a log sequence number), which only one
 * reader can advance; the other subtasks of a parallel source get no split and stay idle.
 *
 * <p>Its state is the split while no reader holds it: empty once assigned, since from then on the
 * reader's state has it. Not thread-safe: Flink calls it from the coordinator thread only.
 */
public final class SingleSplitEnumerator<S extends SourceSplit>
    implements SplitEnumerator<S, List<S>> {

  private final SplitEnumeratorContext<S> context;
  private final List<S> unassigned;

  public SingleSplitEnumerator(SplitEnumeratorContext<S> context, List<S> unassigned) {
    this.context = context;
    this.unassigned = new ArrayList<>(unassigned);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {}

  @Override
  public void addSplitsBack(List<S> splits, int subtaskId) {
    unassigned.addAll(splits);
    if (context.registeredReaders().containsKey(0)) {
      addReader(0);
    }
  }

  @Override
  public void addReader(int subtaskId) {
    if (subtaskId == 0) {
      unassigned.forEach(split -> context.assignSplit(split, 0));
      unassigned.clear();
    }
  }

  @Override
  public List<S> snapshotState(long checkpointId) {
    return List.copyOf(unassigned);
  }

  @Override
  public void close() {}
}
