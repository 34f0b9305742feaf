package io.sluice.executor.engine;

import io.sluice.executor.storage.ObjectStore;
import io.sluice.executor.storage.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints and savepoints of pipelines on S3, as both placements of the {@link Engine} write
 * them: {@code checkpoints/<pipelineKey>/<jobId>/chk-<n>} and {@code
 * savepoints/<pipelineKey>/savepoint-...}. Reads and prunes them through the {@link ObjectStore},
 * whichever process wrote them (the embedded MiniCluster or a remote cluster's TaskManagers).
 *
 * <p>Thread-safe.
 */
final class CheckpointHistory {

  private static final Pattern CHECKPOINT_METADATA =
      Pattern.compile(".*/([0-9a-f]{32})/chk-(\\d+)/_metadata");

  private final ObjectStore store;

  CheckpointHistory(ObjectStore store) {
    this.store = store;
  }

  public Optional<String> latestRetainedCheckpoint(String pipelineKey) {
    String prefix = checkpointPrefix(pipelineKey) + "/";
    return store.list(prefix).stream()
        .filter(o -> CHECKPOINT_METADATA.matcher(o.key()).matches())
        .max(
            Comparator.comparing(StoredObject::lastModified)
                .thenComparingLong(CheckpointHistory::checkpointNumber))
        .map(o -> store.uri(o.key().substring(0, o.key().length() - "/_metadata".length())));
  }

  public Optional<String> latestRestorePoint(String pipelineKey) {
    return newest(listing(pipelineKey));
  }

  /**
   * The metadata objects of a pipeline's checkpoints and savepoints, listed once for both the
   * newest restore point and pruning: every listing is a request to the store.
   */
  private record Listing(List<StoredObject> checkpoints, List<StoredObject> savepoints) {}

  private Listing listing(String pipelineKey) {
    List<StoredObject> checkpoints =
        store.list(checkpointPrefix(pipelineKey) + "/").stream()
            .filter(o -> CHECKPOINT_METADATA.matcher(o.key()).matches())
            .toList();
    List<StoredObject> savepoints =
        store.list(savepointPrefix(pipelineKey) + "/").stream()
            .filter(o -> o.key().endsWith("/_metadata"))
            .toList();
    return new Listing(checkpoints, savepoints);
  }

  private Optional<String> newest(Listing listing) {
    List<StoredObject> candidates = new ArrayList<>(listing.checkpoints());
    candidates.addAll(listing.savepoints());
    // A savepoint ends its job, so it comes right after that job's newest checkpoint: ranking it
    // there keeps the order of one second's candidates consistent across jobs (a job restored from
    // an older job's checkpoint numbers on from it).
    Map<String, Long> newestCheckpointOfJob = new HashMap<>();
    for (StoredObject o : candidates) {
      if (CHECKPOINT_METADATA.matcher(o.key()).matches()) {
        newestCheckpointOfJob.merge(jobPrefix(o), checkpointNumber(o), Math::max);
      }
    }
    Function<StoredObject, Double> rank =
        o -> {
          if (CHECKPOINT_METADATA.matcher(o.key()).matches()) {
            return (double) checkpointNumber(o);
          }
          Long newest = newestCheckpointOfJob.get(savepointJobPrefix(o));
          return newest == null ? null : newest + 0.5;
        };
    Comparator<StoredObject> sameSecond =
        (a, b) -> {
          Double ra = rank.apply(a);
          Double rb = rank.apply(b);
          return ra != null && rb != null
              ? Double.compare(ra, rb)
              : RESTORE_TIE_BREAK.compare(a, b);
        };
    return candidates.stream()
        .max(Comparator.comparing(StoredObject::lastModified).thenComparing(sameSecond))
        .map(o -> store.uri(o.key().substring(0, o.key().length() - "/_metadata".length())));
  }

  /**
   * Object stores may keep modification times to the second, and checkpoints come faster than that.
   * Flink numbers checkpoints on from the one it restored, so among checkpoints written in the same
   * second the higher number is the newer, even across jobs. A savepoint ({@code savepoint-<first 6
   * digits of its job id>-…}) ends its job, so it is newer than that job's checkpoints; a
   * checkpoint of another job came from a job started after it.
   */
  static final Comparator<StoredObject> RESTORE_TIE_BREAK =
      (a, b) -> {
        boolean aCheckpoint = CHECKPOINT_METADATA.matcher(a.key()).matches();
        boolean bCheckpoint = CHECKPOINT_METADATA.matcher(b.key()).matches();
        if (aCheckpoint && bCheckpoint) {
          return Long.compare(checkpointNumber(a), checkpointNumber(b));
        }
        if (aCheckpoint != bCheckpoint) {
          StoredObject checkpoint = aCheckpoint ? a : b;
          StoredObject savepoint = aCheckpoint ? b : a;
          boolean sameJob = savepointJobPrefix(savepoint).startsWith(jobPrefix(checkpoint));
          int checkpointFirst = sameJob ? -1 : 1; // is the checkpoint the newer one?
          return aCheckpoint ? checkpointFirst : -checkpointFirst;
        }
        return a.key().compareTo(b.key());
      };

  private static String jobPrefix(StoredObject checkpointMetadata) {
    Matcher m = CHECKPOINT_METADATA.matcher(checkpointMetadata.key());
    return m.matches() ? m.group(1).substring(0, 6) : "";
  }

  private static String savepointJobPrefix(StoredObject savepointMetadata) {
    String[] parts = savepointMetadata.key().split("/");
    String dir = parts.length >= 2 ? parts[parts.length - 2] : "";
    return dir.startsWith("savepoint-") && dir.length() >= 16 ? dir.substring(10, 16) : "?";
  }

  public int pruneHistory(String pipelineKey, Optional<String> currentJobId, int savepointsToKeep) {
    Listing listing = listing(pipelineKey);
    Optional<String> newest = newest(listing);
    if (newest.isEmpty()) {
      return 0;
    }
    String checkpoints = checkpointPrefix(pipelineKey) + "/";
    List<StoredObject> metadata = listing.checkpoints();
    String keepJob;
    if (currentJobId.isPresent()) {
      keepJob = currentJobId.get();
      boolean hasOwn = metadata.stream().anyMatch(o -> jobOf(o).equals(currentJobId.get()));
      if (!hasOwn) {
        keepJob = null; // the current job still depends on where it was restored from
      }
    } else {
      keepJob =
          metadata.stream()
              .filter(o -> newest.get().equals(store.uri(parentOf(o.key()))))
              .map(CheckpointHistory::jobOf)
              .findFirst()
              .orElse(null);
    }
    int deleted = 0;
    if (keepJob != null || currentJobId.isEmpty()) {
      final String keep = keepJob;
      List<String> jobs =
          metadata.stream()
              .map(CheckpointHistory::jobOf)
              .distinct()
              .filter(j -> !j.equals(keep))
              .toList();
      for (String job : jobs) {
        deleted += store.deletePrefix(checkpoints + job + "/");
      }
    }
    List<StoredObject> savepoints =
        listing.savepoints().stream()
            .sorted(Comparator.comparing(StoredObject::lastModified).reversed())
            .toList();
    for (int i = Math.max(savepointsToKeep, 0); i < savepoints.size(); i++) {
      String dir = parentOf(savepoints.get(i).key());
      if (!newest.get().equals(store.uri(dir))) {
        deleted += store.deletePrefix(dir + "/");
      }
    }
    return deleted;
  }

  private static String jobOf(StoredObject metadata) {
    Matcher m = CHECKPOINT_METADATA.matcher(metadata.key());
    if (!m.matches()) {
      throw new IllegalArgumentException(metadata.key());
    }
    return m.group(1);
  }

  private static String parentOf(String key) {
    return key.substring(0, key.length() - "/_metadata".length());
  }

  private static long checkpointNumber(StoredObject metadata) {
    Matcher m = CHECKPOINT_METADATA.matcher(metadata.key());
    if (!m.matches()) {
      throw new IllegalArgumentException(metadata.key());
    }
    return Long.parseLong(m.group(2));
  }

  static String checkpointPrefix(String pipelineKey) {
    return "checkpoints/" + PipelineKeys.check(pipelineKey);
  }

  static String savepointPrefix(String pipelineKey) {
    return "savepoints/" + PipelineKeys.check(pipelineKey);
  }
}
