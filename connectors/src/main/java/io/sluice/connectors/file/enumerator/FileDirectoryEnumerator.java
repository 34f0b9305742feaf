package io.sluice.connectors.file.enumerator;

import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.FileSourceSpec;
import io.sluice.connectors.file.FileStore;
import io.sluice.connectors.file.LocalDirectoryStore;
import io.sluice.connectors.file.split.FileSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the directory, and hands one file at a time to each reader that asks, oldest first.
 *
 * <p>Bounded: one listing at start; when it is used up, readers are told there are no more splits.
 * Continuous: a listing every discovery interval. Files discovered but not handed out are kept in
 * memory only; after a restore they are found again by the next listing. What was handed out is
 * remembered by {@link AssignedFiles}, in space bounded by the files of one late-file window.
 *
 * <p>Called only from the coordinator thread; listings run on Flink's worker thread.
 */
public final class FileDirectoryEnumerator
    implements SplitEnumerator<FileSplit, FileEnumeratorState> {
  private static final Logger LOG = LoggerFactory.getLogger(FileDirectoryEnumerator.class);

  /** Gauge: files discovered but not yet handed to a reader. */
  public static final String PENDING_FILES = "pendingFiles";

  /** Gauge: the bytes of those files not yet read. */
  public static final String PENDING_BYTES = "pendingBytes";

  private final SplitEnumeratorContext<FileSplit> context;
  private final FileSourceSpec settings;
  private final FileStore store;
  private final LongSupplier clock;
  private final AssignedFiles assigned;
  private final TreeSet<FileSplit> pending = new TreeSet<>(DirectoryScanner.ORDER);
  private final Set<String> pendingPaths = new HashSet<>();
  private final Map<String, FileSplit> returned = new LinkedHashMap<>();

  /** Split requests not answered yet, per subtask: a reader asks ahead for its next file. */
  private final Map<Integer, Integer> requests = new LinkedHashMap<>();

  private boolean listed;

  /**
   * The source's lag: files discovered but not yet handed to a reader, and their bytes not yet
   * read. Written on the coordinator thread, read by metric reporters on theirs.
   */
  private volatile long pendingFiles;

  private volatile long pendingBytes;

  private final Map<String, Long> pendingSizes = new java.util.HashMap<>();

  public FileDirectoryEnumerator(
      SplitEnumeratorContext<FileSplit> context,
      FileDirectorySourceSettings settings,
      FileEnumeratorState state,
      LongSupplier clock) {
    this(context, settings, new LocalDirectoryStore(settings), state, clock);
  }

  /** An enumerator of the files of any store; it closes {@code store} when it closes. */
  public FileDirectoryEnumerator(
      SplitEnumeratorContext<FileSplit> context,
      FileSourceSpec settings,
      FileStore store,
      FileEnumeratorState state,
      LongSupplier clock) {
    this.context = context;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    long window = settings.lateFileGrace().plus(settings.discoveryInterval()).toMillis();
    this.assigned = new AssignedFiles(window, state.cutoff(), state.assigned());
    for (FileSplit split : state.returned()) {
      addPending(split);
      returned.put(split.path(), split);
    }
  }

  @Override
  public void start() {
    context.metricGroup().gauge(PENDING_FILES, () -> pendingFiles);
    context.metricGroup().gauge(PENDING_BYTES, () -> pendingBytes);
    if (settings.bounded()) {
      context.callAsync(store::list, this::onListing);
    } else {
      context.callAsync(store::list, this::onListing, 0, settings.discoveryInterval().toMillis());
    }
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    requests.merge(subtaskId, 1, Integer::sum);
    assignPending();
  }

  @Override
  public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
    for (FileSplit split : splits) {
      addPending(split);
      returned.put(split.path(), split);
    }
    assignPending();
  }

  @Override
  public void addReader(int subtaskId) {
    // Readers ask for a split when they start and after each file; nothing to push.
  }

  @Override
  public FileEnumeratorState snapshotState(long checkpointId) {
    return new FileEnumeratorState(
        assigned.cutoff(), assigned.snapshot(), new ArrayList<>(returned.values()));
  }

  @Override
  public void close() throws java.io.IOException {
    store.close();
  }

  /** The number of paths the state remembers now; for tests and metrics. */
  public int rememberedFiles() {
    return assigned.size();
  }

  private void onListing(List<FileSplit> files, Throwable error) {
    if (error != null) {
      if (settings.bounded()) {
        throw new FlinkRuntimeException("Cannot list " + store.location(), error);
      }
      LOG.warn("Cannot list {}; trying again at the next discovery", store.location(), error);
      return;
    }
    for (FileSplit file : files) {
      if (assigned.isNew(file.path(), file.modificationTime())
          && !pendingPaths.contains(file.path())) {
        addPending(file);
      }
    }
    listed = true;
    assignPending();
  }

  private void addPending(FileSplit split) {
    if (pendingPaths.add(split.path())) {
      pending.add(split);
      long size = store.remainingBytes(split);
      pendingSizes.put(split.path(), size);
      pendingFiles = pending.size();
      pendingBytes += size;
    }
  }

  private void removePending(FileSplit split) {
    pendingPaths.remove(split.path());
    Long size = pendingSizes.remove(split.path());
    pendingFiles = pending.size();
    pendingBytes -= size == null ? 0 : size;
  }

  /** Answers the requests, one split per reader in turn, so that no reader hoards files. */
  private void assignPending() {
    boolean assignedAny = true;
    answering:
    while (assignedAny && !requests.isEmpty()) {
      assignedAny = false;
      Iterator<Map.Entry<Integer, Integer>> readers = requests.entrySet().iterator();
      while (readers.hasNext()) {
        Map.Entry<Integer, Integer> request = readers.next();
        int subtask = request.getKey();
        if (!context.registeredReaders().containsKey(subtask)) {
          readers.remove();
          continue;
        }
        FileSplit next = pending.pollFirst();
        if (next == null) {
          if (settings.bounded() && listed) {
            context.signalNoMoreSplits(subtask);
            readers.remove();
            continue;
          }
          break answering;
        }
        removePending(next);
        returned.remove(next.path());
        assigned.add(next.path(), next.modificationTime());
        context.assignSplit(next, subtask);
        assignedAny = true;
        if (request.getValue() == 1) {
          readers.remove();
        } else {
          request.setValue(request.getValue() - 1);
        }
      }
    }
    assigned.advanceCutoff(
        clock.getAsLong(), pending.isEmpty() ? Long.MAX_VALUE : pending.first().modificationTime());
  }
}
