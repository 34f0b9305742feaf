package io.sluice.executor.compile.transform;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.SplitBadRecords;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * One record per key per window. A key's window opens with its first record and lasts {@code
 * within}; keep-first passes that record on at once and drops the rest, keep-last holds the newest
 * and passes it on when the window's timer fires. In event time, a record older than the watermark
 * is late and goes to the dead-letter: its key's window may already be cleared. State per key: the
 * window's end and, for keep-last, the held record; both are cleared when the window ends, so state
 * does not grow with the number of keys ever seen.
 */
final class Deduplication extends KeyedProcessFunction<Row, Row, Row> {
  private static final long serialVersionUID = 1L;
  private final boolean keepLast;
  private final long within;
  private final boolean eventTime;
  private final RowTypeInfo rowType;
  private final String nodeId;
  private final String source;
  private transient ValueState<Long> windowEnd;
  private transient ValueState<Row> held;
  private transient Counter late;

  Deduplication(
      boolean keepLast,
      Duration within,
      boolean eventTime,
      RowTypeInfo rowType,
      String nodeId,
      String source) {
    this.keepLast = keepLast;
    this.within = within.toMillis();
    this.eventTime = eventTime;
    this.rowType = rowType;
    this.nodeId = nodeId;
    this.source = source;
  }

  @Override
  public void open(OpenContext context) {
    windowEnd =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("window-end", BasicTypeInfo.LONG_TYPE_INFO));
    held = getRuntimeContext().getState(new ValueStateDescriptor<>("held", rowType));
    late = getRuntimeContext().getMetricGroup().counter("lateRecords");
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    long now = eventTime ? ctx.timestamp() : ctx.timerService().currentProcessingTime();
    if (eventTime && now <= ctx.timerService().currentWatermark()) {
      // Older than the time already reached: the window it belongs to may be gone, so it cannot
      // be told apart from a new first record. It goes to the dead-letter instead of through.
      late.inc();
      ctx.output(
          SplitBadRecords.BAD_RECORDS,
          new BadRecord(
              nodeId,
              source,
              RowJson.of(rowType.getFieldNames(), row),
              "Late: its event time "
                  + EventTime.time(now)
                  + " is before the time already reached ("
                  + EventTime.time(ctx.timerService().currentWatermark() + 1)
                  + "), so it cannot be checked for duplicates."));
      return;
    }
    Long end = windowEnd.value();
    if (end != null && now >= end) {
      // The window is over but its timer has not fired yet: close it now.
      close(out);
      end = null;
    }
    if (end == null) {
      end = now + within;
      windowEnd.update(end);
      if (eventTime) {
        ctx.timerService().registerEventTimeTimer(end);
      } else {
        ctx.timerService().registerProcessingTimeTimer(end);
      }
      if (!keepLast) {
        out.collect(row);
      }
    }
    if (keepLast) {
      held.update(Row.copy(row)); // the input row object may be reused upstream
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    Long end = windowEnd.value();
    if (end != null && end == timestamp) {
      close(out);
    }
  }

  private void close(Collector<Row> out) throws Exception {
    Row last = held.value();
    if (keepLast && last != null) {
      out.collect(last);
    }
    held.clear();
    windowEnd.clear();
  }
}
