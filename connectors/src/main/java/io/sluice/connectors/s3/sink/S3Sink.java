package io.sluice.connectors.s3.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Row;

/**
 * The S3 sink: rows into CSV or JSON-lines objects under a prefix, exactly once. Each subtask
 * writes a multipart upload, uploading parts as data arrives; at a checkpoint the object is
 * finished and the upload is completed ({@code CompleteMultipartUpload}) only when the checkpoint
 * completes, so an object appears whole, once, or not at all. Uploads of a failed attempt are
 * aborted. See {@link S3Writer} for names and clean-up.
 *
 * <pre>{@code
 * rows.sinkTo(new S3Sink(settings)).uid(nodeUid).name("orders → s3://bucket/out/");
 * }</pre>
 *
 * <p>Written with the AWS SDK rather than Flink's {@code FileSink} on {@code s3://}: Flink's S3
 * file systems take their endpoint and keys from the cluster configuration, one set for the whole
 * process, while each Sluice node names its own bucket, endpoint and credentials.
 */
public final class S3Sink
    implements Sink<Row>,
        SupportsCommitter<S3Committable>,
        SupportsWriterState<Row, S3WriterState> {

  private static final long serialVersionUID = 1L;

  private final S3SinkSettings settings;

  public S3Sink(S3SinkSettings settings) {
    this.settings = settings;
  }

  public S3SinkSettings settings() {
    return settings;
  }

  @Override
  public S3Writer createWriter(WriterInitContext context) throws IOException {
    return restoreWriter(context, List.of());
  }

  @Override
  public S3Writer restoreWriter(WriterInitContext context, Collection<S3WriterState> recoveredState)
      throws IOException {
    return new S3Writer(
        settings,
        context.getTaskInfo().getIndexOfThisSubtask(),
        recoveredState,
        context.metricGroup().getNumRecordsSendCounter());
  }

  @Override
  public SimpleVersionedSerializer<S3WriterState> getWriterStateSerializer() {
    return new S3WriterState.Serializer();
  }

  @Override
  public Committer<S3Committable> createCommitter(CommitterInitContext context) {
    return new S3Committer(settings);
  }

  @Override
  public SimpleVersionedSerializer<S3Committable> getCommittableSerializer() {
    return new S3CommittableSerializer();
  }
}
