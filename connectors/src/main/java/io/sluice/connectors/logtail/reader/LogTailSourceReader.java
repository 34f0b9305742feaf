package io.sluice.connectors.logtail.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.logtail.split.LogTailSplit;
import io.sluice.connectors.logtail.split.LogTailSplitState;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Follows the directory's split once the enumerator hands it over; a reader that does not get it
 * stays idle. The split never finishes: log files are followed for as long as the job runs.
 */
public final class LogTailSourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        LogTailRecord, Either<Row, BadRecord>, LogTailSplit, LogTailSplitState> {

  public LogTailSourceReader(LogTailSettings settings, SourceReaderContext context) {
    super(
        () -> new LogTailSplitReader(settings),
        new LogTailRecordEmitter(),
        context.getConfiguration(),
        context);
  }

  @Override
  public void start() {
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, LogTailSplitState> finishedSplitIds) {
    // The split does not finish.
  }

  @Override
  protected LogTailSplitState initializedState(LogTailSplit split) {
    return new LogTailSplitState(split);
  }

  @Override
  protected LogTailSplit toSplitType(String splitId, LogTailSplitState state) {
    return state.toSplit();
  }
}
