package io.sluice.connectors.postgres.incremental;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.postgres.source.SingleSplitEnumerator;
import io.sluice.connectors.postgres.source.SplitListSerializer;
import java.util.List;
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
 * Reads a table or query incrementally: every poll selects the rows whose offset columns are past
 * the last row emitted, {@code (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT batch}. The
 * offset is the one split's state, so a restored job goes on after the last row of its checkpoint.
 *
 * <pre>{@code
 * env.fromSource(new PostgresIncrementalSource(settings), WatermarkStrategy.noWatermarks(), "in");
 * }</pre>
 *
 * <p>One reader (subtask 0) does the reading. Immutable and serializable.
 */
public final class PostgresIncrementalSource
    implements Source<Either<Row, BadRecord>, IncrementalSplit, List<IncrementalSplit>>,
        ResultTypeQueryable<Either<Row, BadRecord>> {

  private static final long serialVersionUID = 1L;

  private final IncrementalSettings settings;

  public PostgresIncrementalSource(IncrementalSettings settings) {
    this.settings = settings;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Either<Row, BadRecord>, IncrementalSplit> createReader(
      SourceReaderContext context) {
    return new IncrementalSourceReader(settings);
  }

  @Override
  public SplitEnumerator<IncrementalSplit, List<IncrementalSplit>> createEnumerator(
      SplitEnumeratorContext<IncrementalSplit> context) {
    return new SingleSplitEnumerator<>(context, List.of(IncrementalSplit.initial()));
  }

  @Override
  public SplitEnumerator<IncrementalSplit, List<IncrementalSplit>> restoreEnumerator(
      SplitEnumeratorContext<IncrementalSplit> context, List<IncrementalSplit> checkpoint) {
    return new SingleSplitEnumerator<>(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<IncrementalSplit> getSplitSerializer() {
    return IncrementalSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<List<IncrementalSplit>> getEnumeratorCheckpointSerializer() {
    return new SplitListSerializer<>(IncrementalSplitSerializer.INSTANCE);
  }

  @Override
  public TypeInformation<Either<Row, BadRecord>> getProducedType() {
    return FileDirectorySource.outputType(settings.schema());
  }
}
