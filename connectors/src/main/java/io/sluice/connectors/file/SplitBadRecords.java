package io.sluice.connectors.file;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.OutputTag;

/**
 * Splits a source's {@code Either<Row, BadRecord>} stream: rows go on; bad records are handled by
 * the node's error policy: sent to the side output {@link #BAD_RECORDS} (stamped with the node id),
 * counted and skipped, or made to fail the job. Every bad record is counted in the metric {@code
 * badRecords} whatever the policy.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Row> rows = SplitBadRecords.apply(read, "orders", OnError.DEAD_LETTER);
 * DataStream<BadRecord> deadLetter = rows.getSideOutput(SplitBadRecords.BAD_RECORDS);
 * }</pre>
 */
public final class SplitBadRecords extends ProcessFunction<Either<Row, BadRecord>, Row> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<BadRecord> BAD_RECORDS =
      new OutputTag<>("bad-records", TypeInformation.of(BadRecord.class));

  /** What a node does with a record it cannot read. */
  public enum OnError {
    /** Send it to the dead-letter with the reason; the pipeline goes on. */
    DEAD_LETTER,
    /** Count it and drop it; the pipeline goes on. */
    SKIP,
    /** Fail the job (it restarts by its restart policy and meets the record again). */
    FAIL
  }

  private final String nodeId;
  private final OnError onError;
  private transient Counter badRecords;

  public SplitBadRecords(String nodeId, OnError onError) {
    this.nodeId = nodeId;
    this.onError = onError;
  }

  /** The rows of {@code input}; its bad records go by {@code onError}. */
  public static SingleOutputStreamOperator<Row> apply(
      DataStream<Either<Row, BadRecord>> input, String nodeId, OnError onError) {
    TypeInformation<Row> rowType = ((EitherTypeInfo<Row, BadRecord>) input.getType()).getLeftType();
    return input
        .process(new SplitBadRecords(nodeId, onError), rowType)
        .name(nodeId + " bad records")
        .uid(nodeId + "-bad-records");
  }

  /** Bad records to the dead-letter, the default policy. */
  public static SingleOutputStreamOperator<Row> apply(
      DataStream<Either<Row, BadRecord>> input, String nodeId) {
    return apply(input, nodeId, OnError.DEAD_LETTER);
  }

  @Override
  public void open(OpenContext context) {
    badRecords = getRuntimeContext().getMetricGroup().counter("badRecords");
  }

  @Override
  public void processElement(Either<Row, BadRecord> value, Context ctx, Collector<Row> out) {
    if (value.isLeft()) {
      out.collect(value.left());
      return;
    }
    if (badRecords != null) {
      badRecords.inc();
    }
    BadRecord bad = value.right().withNodeId(nodeId);
    switch (onError) {
      case DEAD_LETTER -> ctx.output(BAD_RECORDS, bad);
      case SKIP -> {}
      case FAIL ->
          throw new FlinkRuntimeException(
              "Node " + nodeId + " cannot read " + bad.source() + ": " + bad.reason());
    }
  }
}
