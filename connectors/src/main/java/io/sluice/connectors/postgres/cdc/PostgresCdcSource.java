package io.sluice.connectors.postgres.cdc;

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
 * Reads the changes of one PostgreSQL table through logical replication (pgoutput): on the first
 * start a consistent snapshot of its rows, then every insert, update and delete as it commits, each
 * a record with the declared columns and an operation field. The log position is the one split's
 * state and is confirmed to the server only when a checkpoint completes; see {@link
 * CdcSourceReader}.
 *
 * <pre>{@code
 * env.fromSource(new PostgresCdcSource(settings), WatermarkStrategy.noWatermarks(), "changes");
 * }</pre>
 *
 * <p>One reader (subtask 0) does the reading. Immutable and serializable.
 */
public final class PostgresCdcSource
    implements Source<Either<Row, BadRecord>, CdcSplit, List<CdcSplit>>,
        ResultTypeQueryable<Either<Row, BadRecord>> {

  private static final long serialVersionUID = 1L;

  private final CdcSettings settings;

  public PostgresCdcSource(CdcSettings settings) {
    this.settings = settings;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Either<Row, BadRecord>, CdcSplit> createReader(SourceReaderContext context) {
    return new CdcSourceReader(settings);
  }

  @Override
  public SplitEnumerator<CdcSplit, List<CdcSplit>> createEnumerator(
      SplitEnumeratorContext<CdcSplit> context) {
    return new SingleSplitEnumerator<>(context, List.of(CdcSplit.initial()));
  }

  @Override
  public SplitEnumerator<CdcSplit, List<CdcSplit>> restoreEnumerator(
      SplitEnumeratorContext<CdcSplit> context, List<CdcSplit> checkpoint) {
    return new SingleSplitEnumerator<>(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<CdcSplit> getSplitSerializer() {
    return CdcSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<List<CdcSplit>> getEnumeratorCheckpointSerializer() {
    return new SplitListSerializer<>(CdcSplitSerializer.INSTANCE);
  }

  @Override
  public TypeInformation<Either<Row, BadRecord>> getProducedType() {
    return FileDirectorySource.outputType(settings.outputSchema());
  }
}
