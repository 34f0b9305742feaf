package io.sluice.connectors.file.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.connectors.file.split.FileSplitState;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Reads files handed out by the enumerator, one at a time, asking for the next when one is done.
 */
public final class FileDirectorySourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        FileRecord, Either<Row, BadRecord>, FileSplit, FileSplitState> {

  public FileDirectorySourceReader(
      FileDirectorySourceSettings settings, SourceReaderContext context) {
    super(
        () -> new FileSplitReader(settings),
        new FileRecordEmitter(),
        context.getConfiguration(),
        context);
  }

  @Override
  public void start() {
    // Splits restored from a checkpoint are added before start(); ask only when there are none.
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, FileSplitState> finishedSplitIds) {
    context.sendSplitRequest();
  }

  @Override
  protected FileSplitState initializedState(FileSplit split) {
    return new FileSplitState(split);
  }

  @Override
  protected FileSplit toSplitType(String splitId, FileSplitState state) {
    return state.toSplit();
  }
}
