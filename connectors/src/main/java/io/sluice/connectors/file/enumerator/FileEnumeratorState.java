package io.sluice.connectors.file.enumerator;

import io.sluice.connectors.file.split.FileSplit;
import java.util.List;

/**
 * The enumerator's checkpointed state, small whatever the number of files read.
 *
 * @param cutoff every file modified before this time (epoch millis) is taken as done and never read
 *     again
 * @param assigned the files modified at or after {@code cutoff} that were already handed to a
 *     reader; with the cutoff trailing the newest assigned file by the late-file window, this holds
 *     only the files of that window
 * @param returned splits given back by a failed reader and not handed out again yet (a handful)
 */
public record FileEnumeratorState(
    long cutoff, List<TrackedFile> assigned, List<FileSplit> returned) {

  public FileEnumeratorState {
    assigned = List.copyOf(assigned);
    returned = List.copyOf(returned);
  }

  public static FileEnumeratorState initial() {
    return new FileEnumeratorState(Long.MIN_VALUE, List.of(), List.of());
  }
}
