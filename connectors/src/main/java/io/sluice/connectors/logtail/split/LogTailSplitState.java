package io.sluice.connectors.logtail.split;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The split as the task thread knows it: changed by each record emitted, in the order the records
 * were read, so a checkpoint holds exactly the offsets of the events emitted before it. Not
 * thread-safe: only the task thread touches it.
 */
public final class LogTailSplitState {
  private final Map<Long, TrackedLog> files = new LinkedHashMap<>();
  private boolean started;
  private long nextId;

  public LogTailSplitState(LogTailSplit split) {
    split.files().forEach(f -> files.put(f.id(), f));
    started = split.started();
    nextId = split.nextId();
  }

  public void track(TrackedLog file) {
    files.put(file.id(), file);
    nextId = Math.max(nextId, file.id() + 1);
  }

  public void forget(long id) {
    files.remove(id);
  }

  public void started() {
    started = true;
  }

  public void advance(long id, long offset) {
    TrackedLog file = files.get(id);
    if (file != null) {
      files.put(id, file.at(offset));
    }
  }

  public LogTailSplit toSplit() {
    return new LogTailSplit(java.util.List.copyOf(files.values()), started, nextId);
  }
}
