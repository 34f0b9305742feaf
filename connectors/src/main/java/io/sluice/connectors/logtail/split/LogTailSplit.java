package io.sluice.connectors.logtail.split;

import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split of a log-tail source: the directory, with every file followed in it and its offset.
 * One reader owns the whole directory, because following a rotation means relating files to each
 * other (a renamed file to its new name, a copy to its original), which per-file splits on
 * different readers could not do.
 *
 * @param files the files followed, with their offsets
 * @param started whether the directory has been listed once: files found after that are new and
 *     read from their beginning even when the source starts at the end
 * @param nextId the id the next file gets
 */
public record LogTailSplit(List<TrackedLog> files, boolean started, long nextId)
    implements SourceSplit {

  public static final String ID = "log-directory";

  public LogTailSplit {
    files = List.copyOf(files);
  }

  public static LogTailSplit fresh() {
    return new LogTailSplit(List.of(), false, 1);
  }

  @Override
  public String splitId() {
    return ID;
  }
}
