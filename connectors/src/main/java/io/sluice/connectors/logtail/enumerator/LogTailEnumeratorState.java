package io.sluice.connectors.logtail.enumerator;

import io.sluice.connectors.logtail.split.LogTailSplit;
import java.util.List;

/**
 * The enumerator's checkpoint: whether the directory's split was made, and the split if no reader
 * holds it (not yet assigned, or given back by a failed reader).
 */
public record LogTailEnumeratorState(boolean created, List<LogTailSplit> unassigned) {
  public LogTailEnumeratorState {
    unassigned = List.copyOf(unassigned);
  }

  public static LogTailEnumeratorState initial() {
    return new LogTailEnumeratorState(false, List.of());
  }
}
