package io.sluice.connectors.file.enumerator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files were handed out, remembered in bounded space: a cutoff time below which every file
 * counts as done, and the paths of the files at or after it.
 *
 * <p>Files are handed out oldest first, in (modification time, path) order, so everything that was
 * visible and older than the newest assigned file has been assigned. Only a file that becomes
 * visible after newer files were assigned can break that order: a producer that writes {@code
 * .orders.csv.tmp} for a while and then renames it keeps the old modification time. The cutoff
 * therefore trails the newest assigned file by a window (the late-file grace plus the discovery
 * interval); a file appearing with a modification time inside the window is still read, one older
 * than the cutoff is not. The cutoff never passes a file discovered but not yet assigned, and the
 * newest assigned time is capped at the clock so that a file dated in the future cannot push the
 * cutoff ahead. The number of remembered paths is the number of files modified within one window,
 * whatever the number of files read before.
 *
 * <p>Pure and not thread-safe: the enumerator calls it from the coordinator thread.
 */
public final class AssignedFiles {
  private final long windowMillis;
  private final Map<String, Long> files = new HashMap<>();
  private long cutoff;
  private long newest = Long.MIN_VALUE;

  public AssignedFiles(long windowMillis, long cutoff, Collection<TrackedFile> assigned) {
    if (windowMillis < 0) {
      throw new IllegalArgumentException("window must not be negative");
    }
    this.windowMillis = windowMillis;
    this.cutoff = cutoff;
    for (TrackedFile file : assigned) {
      add(file.path(), file.modificationTime());
    }
  }

  /** Whether a listed file still has to be read. */
  public boolean isNew(String path, long modificationTime) {
    return modificationTime >= cutoff && !files.containsKey(path);
  }

  public boolean contains(String path) {
    return files.containsKey(path);
  }

  public void add(String path, long modificationTime) {
    files.put(path, modificationTime);
    newest = Math.max(newest, modificationTime);
  }

  /**
   * Moves the cutoff up to the window below the newest assigned file, but not past {@code
   * oldestPending} (the oldest file discovered and not handed out yet, {@link Long#MAX_VALUE} for
   * none), and forgets the files below it.
   */
  public void advanceCutoff(long now, long oldestPending) {
    if (newest == Long.MIN_VALUE) {
      return;
    }
    long candidate = Math.min(saturatedMinus(Math.min(newest, now), windowMillis), oldestPending);
    if (candidate > cutoff) {
      cutoff = candidate;
      files.values().removeIf(time -> time < cutoff);
    }
  }

  public long cutoff() {
    return cutoff;
  }

  public int size() {
    return files.size();
  }

  public List<TrackedFile> snapshot() {
    List<TrackedFile> snapshot = new ArrayList<>(files.size());
    files.forEach((path, time) -> snapshot.add(new TrackedFile(path, time)));
    snapshot.sort(
        java.util.Comparator.comparingLong(TrackedFile::modificationTime)
            .thenComparing(TrackedFile::path));
    return snapshot;
  }

  private static long saturatedMinus(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }
}
