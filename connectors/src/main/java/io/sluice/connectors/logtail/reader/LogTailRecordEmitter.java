package io.sluice.connectors.logtail.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.logtail.split.LogTailSplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Emits an event, with its event time when it has one, and moves its file's offset past it in the
 * same step; applies the fetcher's changes to the set of files in their place among the events. So
 * a checkpoint taken between two records holds exactly what was emitted.
 */
final class LogTailRecordEmitter
    implements RecordEmitter<LogTailRecord, Either<Row, BadRecord>, LogTailSplitState> {

  @Override
  public void emitRecord(
      LogTailRecord record, SourceOutput<Either<Row, BadRecord>> output, LogTailSplitState state) {
    if (record instanceof LogTailRecord.Event event) {
      if (event.timestamp() == Long.MIN_VALUE) {
        output.collect(event.value());
      } else {
        output.collect(event.value(), event.timestamp());
      }
      state.advance(event.fileId(), event.nextOffset());
    } else if (record instanceof LogTailRecord.Track track) {
      state.track(track.file());
    } else if (record instanceof LogTailRecord.Forget forget) {
      state.forget(forget.fileId());
    } else {
      state.started();
    }
  }
}
