package io.sluice.connectors.logtail.enumerator;

import io.sluice.connectors.logtail.split.LogTailSplit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the directory's one split to the first reader that asks, and again to a reader after the
 * one holding it failed. Other readers stay idle: a directory is followed by one reader. Runs on
 * the coordinator thread.
 */
public final class LogTailEnumerator
    implements SplitEnumerator<LogTailSplit, LogTailEnumeratorState> {
  private final SplitEnumeratorContext<LogTailSplit> context;
  private final Deque<LogTailSplit> unassigned;

  public LogTailEnumerator(
      SplitEnumeratorContext<LogTailSplit> context, LogTailEnumeratorState state) {
    this.context = context;
    this.unassigned = new ArrayDeque<>(state.unassigned());
    if (!state.created()) {
      unassigned.add(LogTailSplit.fresh());
    }
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    LogTailSplit split = unassigned.poll();
    if (split != null) {
      context.assignSplit(split, subtaskId);
    }
  }

  @Override
  public void addSplitsBack(List<LogTailSplit> splits, int subtaskId) {
    splits.forEach(unassigned::addFirst);
  }

  @Override
  public void addReader(int subtaskId) {
    // Readers ask for the split themselves when they start.
  }

  @Override
  public LogTailEnumeratorState snapshotState(long checkpointId) {
    return new LogTailEnumeratorState(true, List.copyOf(unassigned));
  }

  @Override
  public void close() {}
}
