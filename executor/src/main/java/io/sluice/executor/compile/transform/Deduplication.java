package io.sluice.executor.compile.transform;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * One record per key per window. A key's window opens with its first record and lasts {@code
 * within}; keep-first passes that record on at once and drops the rest, keep-last holds the newest
 * and passes it on when the window's timer fires. State per key: the window's end and, for
 * keep-last, the held record; both are cleared when the window ends, so state does not grow with
 * the number of keys ever seen.
 */
final class Deduplication extends KeyedProcessFunction<Row, Row, Row> {
  private static final long serialVersionUID = 1L;
  private final boolean keepLast;
  private final long within;
  private final boolean eventTime;
  private final RowTypeInfo rowType;
  private transient ValueState<Long> windowEnd;
  private transient ValueState<Row> held;

  Deduplication(boolean keepLast, Duration within, boolean eventTime, RowTypeInfo rowType) {
    this.keepLast = keepLast;
    this.within = within.toMillis();
    this.eventTime = eventTime;
    this.rowType = rowType;
  }

  @Override
  public void open(OpenContext context) {
    windowEnd =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("window-end", BasicTypeInfo.LONG_TYPE_INFO));
    held = getRuntimeContext().getState(new ValueStateDescriptor<>("held", rowType));
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    long now = eventTime ? ctx.timestamp() : ctx.timerService().currentProcessingTime();
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
