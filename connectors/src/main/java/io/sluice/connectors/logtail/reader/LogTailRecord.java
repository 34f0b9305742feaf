package io.sluice.connectors.logtail.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.logtail.split.TrackedLog;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * What the fetcher hands the task thread, in order: events, and the changes to the set of files
 * followed. Both go through the same queue so the split state changes exactly as the records are
 * emitted.
 */
sealed interface LogTailRecord {

  /** An event (row or bad record), with its event time and the offset after it in its file. */
  record Event(long fileId, Either<Row, BadRecord> value, long timestamp, long nextOffset)
      implements LogTailRecord {}

  /** A file followed from now on, or one whose path or fingerprint changed. */
  record Track(TrackedLog file) implements LogTailRecord {}

  /** A file no longer followed: deleted, or its content gone away by rotation. */
  record Forget(long fileId) implements LogTailRecord {}

  /** The directory was listed for the first time. */
  record Started() implements LogTailRecord {}
}
