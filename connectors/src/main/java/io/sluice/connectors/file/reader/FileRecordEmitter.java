package io.sluice.connectors.file.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.split.FileSplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Emits a record and moves its split's position past it in the same step, so that a checkpoint
 * taken between two records holds exactly the records emitted.
 */
final class FileRecordEmitter
    implements RecordEmitter<FileRecord, Either<Row, BadRecord>, FileSplitState> {

  @Override
  public void emitRecord(
      FileRecord record, SourceOutput<Either<Row, BadRecord>> output, FileSplitState state) {
    output.collect(record.value());
    state.advanceTo(record.nextOffset(), record.nextLine());
  }
}
