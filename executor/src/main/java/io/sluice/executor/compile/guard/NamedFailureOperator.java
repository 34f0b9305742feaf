package io.sluice.executor.compile.guard;

import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.OperatorAttributes;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.operators.StreamTaskStateInitializer;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.ExceptionUtils;

/**
 * Runs a two-input planner operator of a sql node (a join) and, when evaluating a record throws,
 * fails the job with a message that names the node, the input and the record, instead of the
 * planner's bare exception. The node's {@code onError} does not apply here: a join keeps records in
 * state and pairs each with many others, so a record whose condition fails against one partner may
 * already have been joined with another, and could not be taken out cleanly.
 *
 * <p>A failure raised by a downstream operator of the same chain passes through {@link
 * GuardedOutput} and is rethrown as it is. Everything else (lifecycle, state, timers, watermarks,
 * metrics) is the delegate's.
 *
 * <p>Not thread-safe: runs in its task's thread, like every operator.
 */
final class NamedFailureOperator<IN1, IN2, OUT>
    implements TwoInputStreamOperator<IN1, IN2, OUT>, BoundedMultiInput {
  private static final long serialVersionUID = 1L;

  private final transient TwoInputStreamOperator<IN1, IN2, OUT> delegate;
  private final transient GuardedOutput<OUT> guardedOutput;
  private final ExpressionGuard.Policy policy;
  private final RecordJson left;
  private final RecordJson right;

  NamedFailureOperator(
      TwoInputStreamOperator<IN1, IN2, OUT> delegate,
      GuardedOutput<OUT> guardedOutput,
      ExpressionGuard.Policy policy,
      RecordJson left,
      RecordJson right) {
    this.delegate = delegate;
    this.guardedOutput = guardedOutput;
    this.policy = policy;
    this.left = left;
    this.right = right;
  }

  @Override
  public void processElement1(StreamRecord<IN1> element) throws Exception {
    try {
      delegate.processElement1(element);
    } catch (Exception e) {
      throw failure(e, "first", left.render(element.getValue()));
    }
  }

  @Override
  public void processElement2(StreamRecord<IN2> element) throws Exception {
    try {
      delegate.processElement2(element);
    } catch (Exception e) {
      throw failure(e, "second", right.render(element.getValue()));
    }
  }

  private Exception failure(Exception e, String input, String record) throws Exception {
    Throwable downstream = guardedOutput.takeDownstreamFailure();
    if (downstream != null) {
      ExceptionUtils.rethrowException(downstream);
    }
    return ExpressionGuard.failure(
        policy,
        ExpressionGuard.message(e),
        "the "
            + input
            + " input's record "
            + GuardedOperator.abbreviate(record)
            + " (with the records the join holds for its key)",
        e);
  }

  @Override
  public void endInput(int inputId) throws Exception {
    if (delegate instanceof BoundedMultiInput bounded) {
      bounded.endInput(inputId);
    }
  }

  @Override
  public void open() throws Exception {
    delegate.open();
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
  public void processWatermark1(Watermark mark) throws Exception {
    delegate.processWatermark1(mark);
  }

  @Override
  public void processWatermark2(Watermark mark) throws Exception {
    delegate.processWatermark2(mark);
  }

  @Override
  public void processWatermark1(WatermarkEvent watermark) throws Exception {
    delegate.processWatermark1(watermark);
  }

  @Override
  public void processWatermark2(WatermarkEvent watermark) throws Exception {
    delegate.processWatermark2(watermark);
  }

  @Override
  public void processLatencyMarker1(LatencyMarker latencyMarker) throws Exception {
    delegate.processLatencyMarker1(latencyMarker);
  }

  @Override
  public void processLatencyMarker2(LatencyMarker latencyMarker) throws Exception {
    delegate.processLatencyMarker2(latencyMarker);
  }

  @Override
  public void processWatermarkStatus1(WatermarkStatus watermarkStatus) throws Exception {
    delegate.processWatermarkStatus1(watermarkStatus);
  }

  @Override
  public void processWatermarkStatus2(WatermarkStatus watermarkStatus) throws Exception {
    delegate.processWatermarkStatus2(watermarkStatus);
  }

  @Override
  public void processRecordAttributes1(RecordAttributes recordAttributes) throws Exception {
    delegate.processRecordAttributes1(recordAttributes);
  }

  @Override
  public void processRecordAttributes2(RecordAttributes recordAttributes) throws Exception {
    delegate.processRecordAttributes2(recordAttributes);
  }
}
