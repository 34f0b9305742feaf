package io.sluice.connectors.logtail;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.logtail.enumerator.LogTailEnumerator;
import io.sluice.connectors.logtail.enumerator.LogTailEnumeratorState;
import io.sluice.connectors.logtail.enumerator.LogTailEnumeratorStateSerializer;
import io.sluice.connectors.logtail.reader.LogTailSourceReader;
import io.sluice.connectors.logtail.split.LogTailSplit;
import io.sluice.connectors.logtail.split.LogTailSplitSerializer;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Follows the log files of a directory as they grow, through rotation, exactly once across failures
 * and restores.
 *
 * <pre>{@code
 * LogTailSource source = new LogTailSource(settings);
 * DataStream<Either<Row, BadRecord>> read =
 *     env.fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(delay), "logs");
 * SingleOutputStreamOperator<Row> rows = SplitBadRecords.apply(read, "logs");
 * }</pre>
 *
 * <h2>Output</h2>
 *
 * {@code Either<Row, BadRecord>} like {@link FileDirectorySource}: a row of {@link
 * LogTailSettings#schema()}, with the event time as the record's timestamp when the node names a
 * timestamp field; or an event that did not parse, with {@code <path> at byte <offset>}, its text
 * and the reason.
 *
 * <h2>State</h2>
 *
 * One split, the directory, held by one reader: each followed file's identity (device and inode,
 * fingerprint of its first bytes), last path and byte offset after the last emitted event. A file
 * leaves the state when it is deleted or its content is gone (truncated with no copy to continue
 * in), so the state is as large as the directory. See {@code LogTailSplitReader} for rotation.
 *
 * <p>Immutable and serializable.
 */
public final class LogTailSource
    implements Source<Either<Row, BadRecord>, LogTailSplit, LogTailEnumeratorState>,
        ResultTypeQueryable<Either<Row, BadRecord>> {

  /** The most characters of an event that a dead letter keeps as its raw text. */
  public static final int RAW_LIMIT = 4096;

  private static final long serialVersionUID = 1L;

  private final LogTailSettings settings;

  public LogTailSource(LogTailSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public LogTailSettings settings() {
    return settings;
  }

  @Override
  public TypeInformation<Either<Row, BadRecord>> getProducedType() {
    return FileDirectorySource.outputType(settings.schema());
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Either<Row, BadRecord>, LogTailSplit> createReader(
      SourceReaderContext context) {
    return new LogTailSourceReader(settings, context);
  }

  @Override
  public SplitEnumerator<LogTailSplit, LogTailEnumeratorState> createEnumerator(
      SplitEnumeratorContext<LogTailSplit> context) {
    return new LogTailEnumerator(context, LogTailEnumeratorState.initial());
  }

  @Override
  public SplitEnumerator<LogTailSplit, LogTailEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<LogTailSplit> context, LogTailEnumeratorState state) {
    return new LogTailEnumerator(context, state);
  }

  @Override
  public SimpleVersionedSerializer<LogTailSplit> getSplitSerializer() {
    return LogTailSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<LogTailEnumeratorState> getEnumeratorCheckpointSerializer() {
    return LogTailEnumeratorStateSerializer.INSTANCE;
  }
}
