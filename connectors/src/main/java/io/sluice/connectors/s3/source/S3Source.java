package io.sluice.connectors.s3.source;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.file.enumerator.FileDirectoryEnumerator;
import io.sluice.connectors.file.enumerator.FileEnumeratorState;
import io.sluice.connectors.file.enumerator.FileEnumeratorStateSerializer;
import io.sluice.connectors.file.reader.FileDirectorySourceReader;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.connectors.file.split.FileSplitSerializer;
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
 * Reads the CSV or JSON-lines objects under an S3 prefix, once ({@code bounded}) or continuously as
 * new objects arrive, exactly once across failures and restores.
 *
 * <pre>{@code
 * S3Source source = new S3Source(settings);
 * DataStream<Either<Row, BadRecord>> read =
 *     env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders").uid(nodeId);
 * }</pre>
 *
 * <p>The file-directory source's enumerator, splits, reader and format parsers over an {@link
 * S3PrefixStore}: an object is a split whose byte offset and line are reader state, so a restore
 * resumes mid-object with a ranged GET. Output and bad records are as {@link
 * FileDirectorySource}'s; a bad record's source is {@code s3://bucket/key:line}.
 *
 * <h2>Which objects, and the state</h2>
 *
 * S3 lists keys in lexicographic order, not by time, and has no "modified since" query, so a key
 * high-water mark would miss every object whose name sorts before the newest one read (a key
 * without a date prefix, several producers). Each discovery therefore lists the whole prefix and
 * the enumerator remembers, as for a directory, a cutoff on last-modified time below which every
 * object counts as read, and the keys read at or after it; the cutoff trails the newest object read
 * by {@code lateFileGrace + discoveryInterval}. State holds the keys of one such window, whatever
 * the number of objects under the prefix. S3's last-modified time of an object written by a
 * multipart upload is when the upload <em>started</em>: an upload that takes longer than the grace
 * lands behind the cutoff and is not read, so set the grace above the longest upload.
 *
 * <p>Immutable and serializable.
 */
public final class S3Source
    implements Source<Either<Row, BadRecord>, FileSplit, FileEnumeratorState>,
        ResultTypeQueryable<Either<Row, BadRecord>> {

  private static final long serialVersionUID = 1L;

  private final S3SourceSettings settings;

  public S3Source(S3SourceSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public S3SourceSettings settings() {
    return settings;
  }

  @Override
  public TypeInformation<Either<Row, BadRecord>> getProducedType() {
    return FileDirectorySource.outputType(settings.schema());
  }

  @Override
  public Boundedness getBoundedness() {
    return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Either<Row, BadRecord>, FileSplit> createReader(SourceReaderContext context) {
    return new FileDirectorySourceReader(settings, () -> new S3PrefixStore(settings), context);
  }

  @Override
  public SplitEnumerator<FileSplit, FileEnumeratorState> createEnumerator(
      SplitEnumeratorContext<FileSplit> context) {
    return restoreEnumerator(context, FileEnumeratorState.initial());
  }

  @Override
  public SplitEnumerator<FileSplit, FileEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<FileSplit> context, FileEnumeratorState state) {
    return new FileDirectoryEnumerator(
        context, settings, new S3PrefixStore(settings), state, System::currentTimeMillis);
  }

  @Override
  public SimpleVersionedSerializer<FileSplit> getSplitSerializer() {
    return FileSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<FileEnumeratorState> getEnumeratorCheckpointSerializer() {
    return FileEnumeratorStateSerializer.INSTANCE;
  }
}
