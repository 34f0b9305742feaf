package io.sluice.connectors.file.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.FileSourceSpec;
import io.sluice.connectors.file.FileStore;
import io.sluice.connectors.file.LocalDirectoryStore;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.connectors.file.split.FileSplitState;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Reads files handed out by the enumerator, one at a time, with the next file already asked for:
 * the fetcher goes on to it without waiting for a split request's round trip through the
 * coordinator after each file. A file queued behind the current one is part of the reader's state
 * like the current one, so a restore reads it from its start.
 */
public final class FileDirectorySourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        FileRecord, Either<Row, BadRecord>, FileSplit, FileSplitState> {

  /** Files a reader holds when it can: the one it reads and the next. */
  static final int FILES_HELD = 2;

  /**
   * Batches the fetcher may read ahead of the task thread, unless the job configures {@code
   * source.reader.element.queue.capacity}: Flink's default of 2 (2,048 records here) made the
   * fetcher and the task thread wait for each other whenever one of them was descheduled on a busy
   * machine. Records in the queue are not yet emitted, so they are not in any checkpoint.
   */
  static final int BATCHES_AHEAD = 16;

  public FileDirectorySourceReader(
      FileDirectorySourceSettings settings, SourceReaderContext context) {
    this(settings, () -> new LocalDirectoryStore(settings), context);
  }

  /** A reader of files in any store; {@code stores} gives the fetcher its own. */
  public FileDirectorySourceReader(
      FileSourceSpec settings, Supplier<FileStore> stores, SourceReaderContext context) {
    super(
        () -> new FileSplitReader(settings, stores.get()),
        new FileRecordEmitter(),
        readAhead(context.getConfiguration()),
        context);
  }

  private static Configuration readAhead(Configuration configuration) {
    if (configuration.contains(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY)) {
      return configuration;
    }
    Configuration withQueue = new Configuration(configuration);
    withQueue.set(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY, BATCHES_AHEAD);
    return withQueue;
  }

  @Override
  public void start() {
    // Splits restored from a checkpoint are added before start(); ask only for what is missing.
    for (int i = getNumberOfCurrentlyAssignedSplits(); i < FILES_HELD; i++) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, FileSplitState> finishedSplitIds) {
    for (int i = 0; i < finishedSplitIds.size(); i++) {
      context.sendSplitRequest();
    }
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
