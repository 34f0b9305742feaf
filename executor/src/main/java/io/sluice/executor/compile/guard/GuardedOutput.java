package io.sluice.executor.compile.guard;

import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * The output a guarded operator writes to. With operator chaining, {@code collect} runs every
 * downstream operator of the chain in the same call, so their exceptions surface through the
 * guarded operator's {@code processElement}. This output remembers that a failure came from
 * downstream, so that {@link GuardedOperator} rethrows it instead of taking it for a failure of the
 * expression.
 *
 * <p>Not thread-safe: used by its task's thread only, like every operator output.
 */
final class GuardedOutput<T> implements Output<StreamRecord<T>> {
  private final Output<StreamRecord<T>> downstream;
  private Throwable downstreamFailure;

  GuardedOutput(Output<StreamRecord<T>> downstream) {
    this.downstream = downstream;
  }

  @Override
  public void collect(StreamRecord<T> record) {
    try {
      downstream.collect(record);
    } catch (Throwable e) {
      downstreamFailure = e;
      throw e;
    }
  }

  @Override
  public <X> void collect(OutputTag<X> outputTag, StreamRecord<X> record) {
    try {
      downstream.collect(outputTag, record);
    } catch (Throwable e) {
      downstreamFailure = e;
      throw e;
    }
  }

  /** The failure of a downstream operator during the last record, cleared by reading it. */
  Throwable takeDownstreamFailure() {
    Throwable failure = downstreamFailure;
    downstreamFailure = null;
    return failure;
  }

  @Override
  public void emitWatermark(Watermark mark) {
    downstream.emitWatermark(mark);
  }

  @Override
  public void emitWatermark(WatermarkEvent watermark) {
    downstream.emitWatermark(watermark);
  }

  @Override
  public void emitWatermarkStatus(WatermarkStatus watermarkStatus) {
    downstream.emitWatermarkStatus(watermarkStatus);
  }

  @Override
  public void emitLatencyMarker(LatencyMarker latencyMarker) {
    downstream.emitLatencyMarker(latencyMarker);
  }

  @Override
  public void emitRecordAttributes(RecordAttributes recordAttributes) {
    downstream.emitRecordAttributes(recordAttributes);
  }

  @Override
  public void close() {
    downstream.close();
  }
}
