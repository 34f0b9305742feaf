package io.sluice.executor.compile.transform;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.file.SplitBadRecords;
import io.sluice.executor.plan.Step;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.PatternMeasure;
import io.sluice.model.transform.PatternStep;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The pattern node as Flink SQL: a MATCH_RECOGNIZE query over its input, which Flink runs on its
 * CEP operator. The query is built from the steps, so the conditions are type-checked and compiled
 * by the planner like every other expression.
 *
 * <pre>{@code
 * SELECT * FROM `in` MATCH_RECOGNIZE (
 *   PARTITION BY `user` ORDER BY `__sluice_rowtime`
 *   MEASURES FIRST(`failed`.`at`) AS `match_start`, LAST(`ok`.`at`) AS `match_end`,
 *            COUNT(`failed`.`at`) AS `failed_count`, COUNT(`ok`.`at`) AS `ok_count`
 *   ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
 *   PATTERN (`failed`{3} `ok`) WITHIN INTERVAL '300.000' SECOND(9, 3)
 *   DEFINE `failed` AS (outcome = 'failure'), `ok` AS (outcome = 'success'))
 * }</pre>
 */
public final class Patterns {
  /** The time attribute the query orders by: the record's event time, from its watermarks. */
  public static final String ROWTIME = "__sluice_rowtime";

  private Patterns() {}

  /** Checks the key, time and measure fields against the input; the planner checks the rest. */
  public static void checkFields(Step.Pattern step, RecordSchema in) {
    Transforms.requireTimestamp(in, step.time().field().get(), "config.timeField");
    step.keyFields().forEach(k -> Transforms.require(in, k, "config.keyFields", "Key field"));
    for (PatternMeasure m : step.measures()) {
      Transforms.require(in, m.field(), "config.measures", m.name() + " = " + m.written() + ":");
    }
  }

  /** The MATCH_RECOGNIZE query over {@code table}. */
  public static String query(Step.Pattern step, String table) {
    String time = q(step.time().field().get());
    List<PatternStep> steps = step.steps();
    List<String> measures = new ArrayList<>();
    measures.add("FIRST(" + q(steps.get(0).name()) + "." + time + ") AS `match_start`");
    measures.add("LAST(" + q(steps.get(steps.size() - 1).name()) + "." + time + ") AS `match_end`");
    for (PatternStep s : steps) {
      measures.add("COUNT(" + q(s.name()) + "." + time + ") AS " + q(s.name() + "_count"));
    }
    for (PatternMeasure m : step.measures()) {
      measures.add(
          (m.first() ? "FIRST(" : "LAST(")
              + q(m.step())
              + "."
              + q(m.field())
              + ") AS "
              + q(m.name()));
    }
    BigDecimal seconds = BigDecimal.valueOf(step.within().toMillis(), 3);
    return "SELECT * FROM "
        + q(table)
        + " MATCH_RECOGNIZE ("
        + (step.keyFields().isEmpty()
            ? ""
            : " PARTITION BY "
                + step.keyFields().stream().map(Patterns::q).collect(Collectors.joining(", ")))
        + " ORDER BY "
        + q(ROWTIME)
        + " MEASURES "
        + String.join(", ", measures)
        + " ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW"
        + " PATTERN ("
        + steps.stream().map(s -> q(s.name()) + s.quantifier()).collect(Collectors.joining(" "))
        + ") WITHIN INTERVAL '"
        + seconds.toPlainString()
        + "' SECOND(9, 3)"
        + " DEFINE "
        + steps.stream()
            .map(s -> q(s.name()) + " AS (" + s.condition() + ")")
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String q(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /**
   * Sends records older than the time already reached to the dead-letter, before the pattern
   * operator would drop them without a word: a late record cannot take its place in a sequence
   * whose later records were already matched. Uid role {@code late}.
   */
  public static DataStream<Row> dropLate(
      DataStream<Row> timed,
      Step.Pattern step,
      String source,
      RecordSchema in,
      List<DataStream<BadRecord>> bad) {
    SingleOutputStreamOperator<Row> checked =
        timed
            .process(new LateFilter(step.id().value(), source, in), FileDirectorySource.rowType(in))
            .uid(step.uid("late"))
            .name(step.id() + " late records");
    bad.add(checked.getSideOutput(SplitBadRecords.BAD_RECORDS));
    return checked;
  }

  /**
   * Event time and watermarks for the pattern's input (uids {@code event-time}, {@code
   * watermarks}).
   */
  public static DataStream<Row> eventTime(
      DataStream<Row> input,
      RecordSchema in,
      Step.Pattern step,
      String source,
      List<DataStream<BadRecord>> bad) {
    return Transforms.eventTime(input, in, step.time(), step, source, true, bad, "");
  }

  private static final class LateFilter extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String source;
    private final String[] names;
    private transient Counter late;

    LateFilter(String nodeId, String source, RecordSchema schema) {
      this.nodeId = nodeId;
      this.source = source;
      this.names = schema.names().toArray(String[]::new);
    }

    @Override
    public void open(OpenContext context) {
      late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
      long watermark = ctx.timerService().currentWatermark();
      if (ctx.timestamp() > watermark) {
        out.collect(row);
        return;
      }
      late.inc();
      ctx.output(
          SplitBadRecords.BAD_RECORDS,
          new BadRecord(
              nodeId,
              source,
              RowJson.of(names, row),
              "Late: its event time "
                  + EventTime.time(ctx.timestamp())
                  + " is before the time already reached ("
                  + EventTime.time(watermark + 1)
                  + "), after the records it would come between were matched."));
    }
  }
}
