package io.sluice.executor.compile.guard;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.SplitBadRecords;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorAttributes;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.operators.StreamTaskStateInitializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.ExceptionUtils;

/**
 * Runs a planner-generated operator and applies its node's error policy to the records whose
 * evaluation throws. Everything else (lifecycle, checkpoints, watermarks, metrics) is the
 * delegate's, so Flink sees the generated operator as it would without the guard.
 *
 * <p>A failure raised by a downstream operator of the same chain passes through {@link
 * GuardedOutput} and is rethrown as it is: only the delegate's own evaluation is the node's error.
 * A generated Calc emits at most one record per input and only after evaluating every expression,
 * so a record is either passed on or handled by the policy, never both.
 *
 * <p>Not thread-safe: runs in its task's thread, like every operator.
 */
final class GuardedOperator<IN, OUT> implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final transient OneInputStreamOperator<IN, OUT> delegate;
  private final transient GuardedOutput<OUT> guardedOutput;
  private final transient Output<StreamRecord<OUT>> output;
  private final ExpressionGuard.Policy policy;
  private final RecordJson json;
  private transient Counter badRecords;

  GuardedOperator(
      OneInputStreamOperator<IN, OUT> delegate,
      GuardedOutput<OUT> guardedOutput,
      Output<StreamRecord<OUT>> output,
      ExpressionGuard.Policy policy,
      RecordJson json) {
    this.delegate = delegate;
    this.guardedOutput = guardedOutput;
    this.output = output;
    this.policy = policy;
    this.json = json;
  }

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    try {
      delegate.processElement(element);
    } catch (Exception e) {
      Throwable downstream = guardedOutput.takeDownstreamFailure();
      if (downstream != null) {
        ExceptionUtils.rethrowException(downstream);
      }
      handle(element, e);
    }
  }

  private void handle(StreamRecord<IN> element, Exception e) {
    badRecords.inc();
    String reason = policy.describe() + " failed: " + ExpressionGuard.message(e);
    switch (policy.onError()) {
      case DEAD_LETTER -> {
        BadRecord bad =
            new BadRecord(
                policy.nodeId(), policy.source(), json.render(element.getValue()), reason);
        output.collect(
            SplitBadRecords.BAD_RECORDS,
            element.hasTimestamp()
                ? new StreamRecord<>(bad, element.getTimestamp())
                : new StreamRecord<>(bad));
      }
      case SKIP -> {}
      case FAIL ->
          throw ExpressionGuard.failure(
              policy,
              ExpressionGuard.message(e),
              "the record " + abbreviate(json.render(element.getValue())),
              e);
    }
  }

  /** The start of a long record: a failure message is for reading, the dead-letter keeps all. */
  static String abbreviate(String record) {
    return record.length() <= 500 ? record : record.substring(0, 500) + "…";
  }

  @Override
  public void open() throws Exception {
    delegate.open();
    badRecords = delegate.getMetricGroup().counter("badRecords");
  }

  @Override
  public void endInput() throws Exception {
    if (delegate instanceof BoundedOneInput bounded) {
      bounded.endInput();
    }
  }

  @Override
  public void finish() throws Exception {
    delegate.finish();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    delegate.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public OperatorSnapshotFutures snapshotState(
      long checkpointId,
      long timestamp,
      CheckpointOptions checkpointOptions,
      CheckpointStreamFactory storageLocation)
      throws Exception {
    return delegate.snapshotState(checkpointId, timestamp, checkpointOptions, storageLocation);
  }

  @Override
  public void initializeState(StreamTaskStateInitializer streamTaskStateManager) throws Exception {
    delegate.initializeState(streamTaskStateManager);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    delegate.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    delegate.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void setKeyContextElement(StreamRecord<IN> record) throws Exception {
    delegate.setKeyContextElement(record);
  }

  @Override
  public void setKeyContextElement1(StreamRecord<?> record) throws Exception {
    delegate.setKeyContextElement1(record);
  }

  @Override
  public void setKeyContextElement2(StreamRecord<?> record) throws Exception {
    delegate.setKeyContextElement2(record);
  }

  @Override
  public void setCurrentKey(Object key) {
    delegate.setCurrentKey(key);
  }

  @Override
  public Object getCurrentKey() {
    return delegate.getCurrentKey();
  }

  @Override
  public OperatorMetricGroup getMetricGroup() {
    return delegate.getMetricGroup();
  }

  @Override
  public OperatorID getOperatorID() {
    return delegate.getOperatorID();
  }

  @Override
  public OperatorAttributes getOperatorAttributes() {
    return delegate.getOperatorAttributes();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    delegate.processWatermark(mark);
  }

  @Override
  public void processWatermark(WatermarkEvent watermark) throws Exception {
    delegate.processWatermark(watermark);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus watermarkStatus) throws Exception {
    delegate.processWatermarkStatus(watermarkStatus);
  }

  @Override
  public void processLatencyMarker(LatencyMarker latencyMarker) throws Exception {
    delegate.processLatencyMarker(latencyMarker);
  }

  @Override
  public void processRecordAttributes(RecordAttributes recordAttributes) throws Exception {
    delegate.processRecordAttributes(recordAttributes);
  }
}
