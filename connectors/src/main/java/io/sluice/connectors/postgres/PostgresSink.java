package io.sluice.connectors.postgres;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Row;

/**
 * An exactly-once PostgreSQL sink for rows in schema order: each subtask COPYs into a transaction
 * that is prepared at the checkpoint ({@code PREPARE TRANSACTION}) and committed ({@code COMMIT
 * PREPARED}) once the checkpoint completes. Needs {@code max_prepared_transactions > 0} on the
 * server; see {@code connectors/docs/postgres-sink.md}.
 *
 * <pre>{@code
 * rows.sinkTo(new PostgresSink(settings)).uid(nodeUid).name("orders → PostgreSQL");
 * }</pre>
 *
 * <p>Call {@link PostgresTables#check} first to report table problems as validation results; the
 * sink checks again when it starts and fails with {@link SchemaMismatchException}.
 */
public final class PostgresSink
    implements Sink<Row>,
        SupportsCommitter<PostgresCommittable>,
        SupportsWriterState<Row, PostgresWriterState> {

  private static final long serialVersionUID = 1L;

  private final PostgresSinkSettings settings;

  public PostgresSink(PostgresSinkSettings settings) {
    this.settings = settings;
  }

  public PostgresSinkSettings settings() {
    return settings;
  }

  @Override
  public PostgresWriter createWriter(WriterInitContext context) throws IOException {
    return new PostgresWriter(
        settings,
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getNumberOfParallelSubtasks(),
        context.getRestoredCheckpointId(),
        context.metricGroup().getNumRecordsSendCounter());
  }

  @Override
  public StatefulSinkWriter<Row, PostgresWriterState> restoreWriter(
      WriterInitContext context, Collection<PostgresWriterState> recoveredState)
      throws IOException {
    return createWriter(context);
  }

  @Override
  public SimpleVersionedSerializer<PostgresWriterState> getWriterStateSerializer() {
    return new PostgresWriterState.Serializer();
  }

  @Override
  public Committer<PostgresCommittable> createCommitter(CommitterInitContext context) {
    return new PostgresCommitter(settings);
  }

  @Override
  public SimpleVersionedSerializer<PostgresCommittable> getCommittableSerializer() {
    return new PostgresCommittableSerializer();
  }
}
