package io.sluice.connectors.file;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits a source's {@code Either<Row, BadRecord>} stream: rows go on, bad records go to the side
 * output {@link #BAD_RECORDS} stamped with the node id.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Row> rows = SplitBadRecords.apply(read, "orders");
 * DataStream<BadRecord> deadLetter = rows.getSideOutput(SplitBadRecords.BAD_RECORDS);
 * }</pre>
 */
public final class SplitBadRecords extends ProcessFunction<Either<Row, BadRecord>, Row> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<BadRecord> BAD_RECORDS =
      new OutputTag<>("bad-records", TypeInformation.of(BadRecord.class));

  private final String nodeId;

  public SplitBadRecords(String nodeId) {
    this.nodeId = nodeId;
  }

  /** The rows of {@code input}; its bad records are the side output {@link #BAD_RECORDS}. */
  public static SingleOutputStreamOperator<Row> apply(
      DataStream<Either<Row, BadRecord>> input, String nodeId) {
    TypeInformation<Row> rowType = ((EitherTypeInfo<Row, BadRecord>) input.getType()).getLeftType();
    return input
        .process(new SplitBadRecords(nodeId), rowType)
        .name(nodeId + " bad records")
        .uid(nodeId + "-bad-records");
  }

  @Override
  public void processElement(Either<Row, BadRecord> value, Context ctx, Collector<Row> out) {
    if (value.isLeft()) {
      out.collect(value.left());
    } else {
      ctx.output(BAD_RECORDS, value.right().withNodeId(nodeId));
    }
  }
}
