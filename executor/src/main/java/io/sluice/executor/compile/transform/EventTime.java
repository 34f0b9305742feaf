package io.sluice.executor.compile.transform;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.SplitBadRecords;
import io.sluice.model.schema.RecordSchema;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Event time for stateful nodes: the timestamp field of each record, and watermarks that trail the
 * newest event time seen by the watermark delay.
 *
 * <p>Watermarks are emitted as records arrive (whenever the newest event time grows), not on a
 * timer. A periodic watermark would make "is this record late?" depend on how fast records were
 * read between two ticks; emitted per record, it depends only on the order of the records, so the
 * same input always gives the same windows and the same late records.
 */
final class EventTime {
  private EventTime() {}

  /** Event time as epoch milliseconds: a TIMESTAMP field is a time without zone, read as UTC. */
  static long millis(LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  static LocalDateTime time(long millis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
  }

  static WatermarkStrategy<Row> strategy(int field, Duration delay) {
    long delayMillis = delay.toMillis();
    return WatermarkStrategy.<Row>forGenerator(context -> new Trailing(delayMillis))
        .withTimestampAssigner((row, previous) -> millis((LocalDateTime) row.getField(field)));
  }

  /** Watermark = newest event time − delay − 1 ms, moved on every record that raises it. */
  private static final class Trailing implements WatermarkGenerator<Row> {
    private final long delay;
    private long newest = Long.MIN_VALUE;

    Trailing(long delay) {
      this.delay = delay;
    }

    @Override
    public void onEvent(Row event, long timestamp, WatermarkOutput output) {
      if (timestamp > newest) {
        newest = timestamp;
        output.emitWatermark(new Watermark(newest - delay - 1));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  /**
   * Passes on records that have an event time; one without goes the way of the node's late records
   * (dead-letter side output or counted), since no window can take it.
   */
  static final class Require extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int field;
    private final String nodeId;
    private final String source;
    private final String[] names;
    private final boolean deadLetter;
    private transient Counter late;

    Require(int field, String nodeId, String source, RecordSchema schema, boolean deadLetter) {
      this.field = field;
      this.nodeId = nodeId;
      this.source = source;
      this.names = schema.names().toArray(String[]::new);
      this.deadLetter = deadLetter;
    }

    @Override
    public void open(OpenContext context) {
      late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
      if (row.getField(field) != null) {
        out.collect(row);
        return;
      }
      late.inc();
      if (deadLetter) {
        ctx.output(
            SplitBadRecords.BAD_RECORDS,
            new BadRecord(
                nodeId,
                source,
                RowJson.of(names, row),
                "The event time field '"
                    + names[field]
                    + "' is empty, so no window can take the record."));
      }
    }
  }
}
