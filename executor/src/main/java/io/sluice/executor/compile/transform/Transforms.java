package io.sluice.executor.compile.transform;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.file.SplitBadRecords;
import io.sluice.executor.plan.Step;
import io.sluice.model.document.PortRef;
import io.sluice.model.id.PortName;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.AggregateCall;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.ProcessingTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The DataStream side of the stateful and multi-port transforms, and the fields each one puts out.
 *
 * <p>Uids (roles of {@code node/<id>/<role>}), stable while the node keeps its id: window-aggregate
 * {@code event-time}, {@code watermarks}, {@code window} (the state), {@code late}; deduplicate
 * {@code event-time}, {@code watermarks}, {@code dedupe} (the state); route {@code split}; union
 * {@code align-<n>} where an input's row type must be made the same as the first.
 */
public final class Transforms {
  private Transforms() {}

  /** A transform's output streams by port, and the records it sends to the dead-letter. */
  public record Compiled(Map<PortName, DataStream<Row>> outputs, List<DataStream<BadRecord>> bad) {
    public Compiled {
      outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
      bad = List.copyOf(bad);
    }
  }

  // ---- fields

  /** window_start, window_end, the group-by fields, the aggregates. */
  public static RecordSchema windowSchema(Step.WindowAggregate step, RecordSchema in) {
    step.time().field().ifPresent(f -> requireTimestamp(in, f));
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("window_start", FieldType.TIMESTAMP));
    fields.add(new Field("window_end", FieldType.TIMESTAMP));
    for (String name : step.groupBy()) {
      fields.add(new Field(name, require(in, name, "config.groupBy", "Group-by field").type()));
    }
    for (AggregateCall call : step.aggregates()) {
      FieldType type = FieldType.LONG;
      if (call.field().isPresent()) {
        Field field = require(in, call.field().get(), "config.aggregates", "Aggregate field");
        type = field.type();
        boolean numeric =
            type == FieldType.LONG || type == FieldType.DOUBLE || type == FieldType.DECIMAL;
        switch (call.function()) {
          case SUM, AVG -> {
            if (!numeric) {
              throw new FieldProblem(
                  "config.aggregates",
                  ProblemCodes.INVALID_CONFIG,
                  call.written()
                      + ": '"
                      + field.name()
                      + "' is a "
                      + type.wireName()
                      + "; "
                      + call.function().written()
                      + " needs a long, double or decimal.");
            }
          }
          case MIN, MAX -> {
            if (type == FieldType.BOOLEAN) {
              throw new FieldProblem(
                  "config.aggregates",
                  ProblemCodes.INVALID_CONFIG,
                  call.written() + ": '" + field.name() + "' is a boolean, which has no order.");
            }
          }
          default -> {}
        }
      }
      fields.add(
          new Field(
              call.name(),
              switch (call.function()) {
                case COUNT, COUNT_DISTINCT -> FieldType.LONG;
                case AVG -> FieldType.DOUBLE;
                case SUM, MIN, MAX -> type;
              }));
    }
    return new RecordSchema(fields);
  }

  /** The input's fields, once the key and time fields are checked. */
  public static RecordSchema dedupeSchema(Step.Deduplicate step, RecordSchema in) {
    step.time().field().ifPresent(f -> requireTimestamp(in, f));
    step.keyFields().forEach(k -> require(in, k, "config.keyFields", "Key field"));
    return in;
  }

  /** The fields of the first input, once every other input is found to have the same. */
  public static RecordSchema unionSchema(List<PortRef> inputs, List<RecordSchema> schemas) {
    RecordSchema first = schemas.get(0);
    for (int i = 1; i < schemas.size(); i++) {
      String mismatch = mismatch(first, schemas.get(i));
      if (mismatch != null) {
        throw new FieldProblem(
            "inputs",
            ProblemCodes.SCHEMA_MISMATCH,
            "Input "
                + inputs.get(i)
                + " does not have the fields of input "
                + inputs.get(0)
                + ": "
                + mismatch
                + ". A union needs the same fields, types and order on every input; shape them"
                + " with a derive node first.");
      }
    }
    return first;
  }

  private static String mismatch(RecordSchema a, RecordSchema b) {
    for (int i = 0; i < Math.max(a.fields().size(), b.fields().size()); i++) {
      if (i >= a.fields().size()) {
        return "it has the extra field '" + b.fields().get(i).name() + "'";
      }
      if (i >= b.fields().size()) {
        return "it lacks the field '" + a.fields().get(i).name() + "'";
      }
      Field x = a.fields().get(i);
      Field y = b.fields().get(i);
      if (!x.name().equals(y.name())) {
        return "field " + (i + 1) + " is '" + y.name() + "' where the first has '" + x.name() + "'";
      }
      if (x.type() != y.type()) {
        return "field '"
            + y.name()
            + "' is a "
            + y.type().wireName()
            + " where the first has a "
            + x.type().wireName();
      }
    }
    return null;
  }

  static Field require(RecordSchema in, String name, String configField, String what) {
    return in.fields().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new FieldProblem(
                    configField,
                    "unknown-field",
                    what + " '" + name + "' is not a field of the input " + in.names() + "."));
  }

  private static void requireTimestamp(RecordSchema in, String name) {
    requireTimestamp(in, name, "config.timeField");
  }

  static void requireTimestamp(RecordSchema in, String name, String configField) {
    Field field = require(in, name, configField, "Event time field");
    if (field.type() != FieldType.TIMESTAMP) {
      throw new FieldProblem(
          configField,
          ProblemCodes.INVALID_CONFIG,
          "Event time field '"
              + name
              + "' is a "
              + field.type().wireName()
              + "; it must be a timestamp (convert it with a derive: "
              + name
              + " = CAST("
              + name
              + " AS TIMESTAMP(3))).");
    }
  }

  // ---- streams

  /** Window aggregation; {@code source} names the upstream node for the dead-letter. */
  public static Compiled window(
      DataStream<Row> input, RecordSchema in, Step.WindowAggregate step, String source) {
    RecordSchema outSchema = windowSchema(step, in);
    RowTypeInfo inType = FileDirectorySource.rowType(in);
    List<DataStream<BadRecord>> bad = new ArrayList<>();
    boolean deadLetter = step.lateRecords() == Step.WindowAggregate.Late.DEAD_LETTER;
    DataStream<Row> timed = eventTime(input, in, step.time(), step, source, deadLetter, bad);

    int[] keys = step.groupBy().stream().mapToInt(in.names()::indexOf).toArray();
    RowTypeInfo keyType = keyType(in, keys);
    KeyedStream<Row, Row> keyed = timed.keyBy(new FieldsKey(keys), keyType);
    WindowedStream<Row, Row, TimeWindow> windowed = keyed.window(assigner(step));
    OutputTag<Row> lateTag = new OutputTag<>("late-" + step.id().value(), inType);
    if (step.time().eventTime()) {
      windowed = windowed.sideOutputLateData(lateTag);
    }
    List<TypeInformation<?>> accTypes = new ArrayList<>();
    List<FieldType> types = in.fields().stream().map(Field::type).toList();
    List<TypeInformation<?>> typeInfos = List.of(inType.getFieldTypes());
    WindowAggregates aggregates =
        WindowAggregates.of(step.aggregates(), in.names(), types, typeInfos, accTypes);
    RowTypeInfo outType = FileDirectorySource.rowType(outSchema);
    TypeInformation<?>[] resultTypes = new TypeInformation<?>[step.aggregates().size()];
    for (int i = 0; i < resultTypes.length; i++) {
      resultTypes[i] = outType.getTypeAt(2 + keys.length + i);
    }
    SingleOutputStreamOperator<Row> results =
        windowed
            .aggregate(
                aggregates,
                new WindowResult(keys.length),
                WindowAggregates.accumulatorType(accTypes),
                new RowTypeInfo(resultTypes),
                outType)
            .uid(step.uid("window"))
            .name(step.id() + " window");
    if (step.time().eventTime()) {
      SingleOutputStreamOperator<BadRecord> late =
          results
              .getSideOutput(lateTag)
              .process(
                  new LateRecords(step.id().value(), source, in, deadLetter),
                  TypeInformation.of(BadRecord.class))
              .uid(step.uid("late"))
              .name(step.id() + " late records");
      if (deadLetter) {
        bad.add(late);
      }
    }
    return new Compiled(Map.of(PortName.OUT, results), bad);
  }

  /** Deduplication by key within a window. */
  public static Compiled dedupe(
      DataStream<Row> input, RecordSchema in, Step.Deduplicate step, String source) {
    dedupeSchema(step, in);
    RowTypeInfo inType = FileDirectorySource.rowType(in);
    List<DataStream<BadRecord>> bad = new ArrayList<>();
    DataStream<Row> timed = eventTime(input, in, step.time(), step, source, true, bad);
    int[] keys = step.keyFields().stream().mapToInt(in.names()::indexOf).toArray();
    SingleOutputStreamOperator<Row> rows =
        timed
            .keyBy(new FieldsKey(keys), keyType(in, keys))
            .process(
                new Deduplication(
                    step.keep() == Step.Deduplicate.Keep.LAST,
                    step.within(),
                    step.time().eventTime(),
                    inType,
                    step.id().value(),
                    source),
                inType)
            .uid(step.uid("dedupe"))
            .name(step.id() + " deduplicate");
    bad.add(rows.getSideOutput(SplitBadRecords.BAD_RECORDS));
    return new Compiled(Map.of(PortName.OUT, rows), bad);
  }

  /** The inputs merged, each first given the first input's row type where it differs. */
  public static Compiled union(Step.Union step, List<DataStream<Row>> inputs, RecordSchema schema) {
    RowTypeInfo type = FileDirectorySource.rowType(schema);
    DataStream<Row> all = null;
    for (int i = 0; i < inputs.size(); i++) {
      DataStream<Row> in = inputs.get(i);
      if (!in.getType().equals(type)) {
        in = in.map(row -> row, type).uid(step.uid("align-" + (i + 1))).name(step.id() + " align");
      }
      all = all == null ? in : all.union(in);
    }
    return new Compiled(Map.of(PortName.OUT, all), List.of());
  }

  /**
   * The SQL expression that picks a record's branch: the index of the first branch whose condition
   * is true, or the number of branches for the default port.
   */
  public static String routeIndexExpression(Step.Route step) {
    StringBuilder sql = new StringBuilder("CASE");
    for (int i = 0; i < step.branches().size(); i++) {
      sql.append(" WHEN (").append(step.branches().get(i).condition()).append(") IS TRUE THEN ");
      sql.append(i);
    }
    return sql.append(" ELSE ").append(step.branches().size()).append(" END").toString();
  }

  /** The name of the branch index column the route's SQL adds and its split removes. */
  public static final String ROUTE_COLUMN = "__sluice_branch";

  /** Splits rows carrying a branch index (last field) into one stream per port. */
  public static Compiled split(Step.Route step, DataStream<Row> indexed, RecordSchema in) {
    RowTypeInfo type = FileDirectorySource.rowType(in);
    List<OutputTag<Row>> tags = new ArrayList<>();
    List<PortName> ports = new ArrayList<>();
    for (var branch : step.branches()) {
      ports.add(branch.port());
    }
    ports.add(TransformNodeTypes.DEFAULT_PORT);
    for (PortName port : ports) {
      tags.add(new OutputTag<>("route-" + port.value(), type));
    }
    SingleOutputStreamOperator<Row> split =
        indexed
            .process(new RouteSplit(tags, in.fields().size()), type)
            .uid(step.uid("split"))
            .name(step.id() + " route");
    Map<PortName, DataStream<Row>> outputs = new LinkedHashMap<>();
    for (int i = 0; i < ports.size(); i++) {
      outputs.put(ports.get(i), split.getSideOutput(tags.get(i)));
    }
    return new Compiled(outputs, List.of());
  }

  private static DataStream<Row> eventTime(
      DataStream<Row> input,
      RecordSchema in,
      Step.Time time,
      Step step,
      String source,
      boolean deadLetter,
      List<DataStream<BadRecord>> bad) {
    return eventTime(input, in, time, step, source, deadLetter, bad, "");
  }

  /** As above, with uids {@code <rolePrefix>event-time} and {@code <rolePrefix>watermarks}. */
  static DataStream<Row> eventTime(
      DataStream<Row> input,
      RecordSchema in,
      Step.Time time,
      Step step,
      String source,
      boolean deadLetter,
      List<DataStream<BadRecord>> bad,
      String rolePrefix) {
    if (!time.eventTime()) {
      return input;
    }
    int field = in.names().indexOf(time.field().get());
    SingleOutputStreamOperator<Row> checked =
        input
            .process(
                new EventTime.Require(field, step.id().value(), source, in, deadLetter),
                FileDirectorySource.rowType(in))
            .uid(step.uid(rolePrefix + "event-time"))
            .name(step.id() + " " + rolePrefix + "event time");
    if (deadLetter) {
      bad.add(checked.getSideOutput(SplitBadRecords.BAD_RECORDS));
    }
    return checked
        .assignTimestampsAndWatermarks(EventTime.strategy(field, time.watermarkDelay()))
        .uid(step.uid(rolePrefix + "watermarks"))
        .name(step.id() + " " + rolePrefix + "watermarks");
  }

  private static WindowAssigner<Object, TimeWindow> assigner(Step.WindowAggregate step) {
    Step.Window w = step.window();
    boolean event = step.time().eventTime();
    return switch (w.kind()) {
      case TUMBLING ->
          event
              ? TumblingEventTimeWindows.of(w.size())
              : TumblingProcessingTimeWindows.of(w.size());
      case HOPPING ->
          event
              ? SlidingEventTimeWindows.of(w.size(), w.slide())
              : SlidingProcessingTimeWindows.of(w.size(), w.slide());
      case SESSION ->
          event
              ? (WindowAssigner) EventTimeSessionWindows.withGap(w.gap())
              : (WindowAssigner) ProcessingTimeSessionWindows.withGap(w.gap());
    };
  }

  /** The key's fields as a row; a constant key when there are none (one group). */
  static RowTypeInfo keyType(RecordSchema in, int[] keys) {
    if (keys.length == 0) {
      return new RowTypeInfo(
          new TypeInformation<?>[] {BasicTypeInfo.LONG_TYPE_INFO}, new String[] {"all"});
    }
    RowTypeInfo all = FileDirectorySource.rowType(in);
    TypeInformation<?>[] types = new TypeInformation<?>[keys.length];
    String[] names = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      types[i] = all.getTypeAt(keys[i]);
      names[i] = in.fields().get(keys[i]).name();
    }
    return new RowTypeInfo(types, names);
  }

  static final class FieldsKey implements KeySelector<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int[] keys;

    FieldsKey(int[] keys) {
      this.keys = keys;
    }

    @Override
    public Row getKey(Row row) {
      if (keys.length == 0) {
        return Row.of(0L);
      }
      Row key = new Row(keys.length);
      for (int i = 0; i < keys.length; i++) {
        key.setField(i, row.getField(keys[i]));
      }
      return key;
    }
  }

  /** window_start, window_end, the key's fields, the aggregates. */
  private static final class WindowResult extends ProcessWindowFunction<Row, Row, Row, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final int keyFields;

    WindowResult(int keyFields) {
      this.keyFields = keyFields;
    }

    @Override
    public void process(Row key, Context context, Iterable<Row> results, Collector<Row> out) {
      Row aggregates = results.iterator().next();
      Row row = new Row(2 + keyFields + aggregates.getArity());
      row.setField(0, EventTime.time(context.window().getStart()));
      row.setField(1, EventTime.time(context.window().getEnd()));
      for (int i = 0; i < keyFields; i++) {
        row.setField(2 + i, key.getField(i));
      }
      for (int i = 0; i < aggregates.getArity(); i++) {
        row.setField(2 + keyFields + i, aggregates.getField(i));
      }
      out.collect(row);
    }
  }

  /** Late records: counted (metric {@code lateRecords}), and kept for the dead-letter if asked. */
  private static final class LateRecords extends ProcessFunction<Row, BadRecord> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String source;
    private final String[] names;
    private final boolean deadLetter;
    private transient org.apache.flink.metrics.Counter late;

    LateRecords(String nodeId, String source, RecordSchema schema, boolean deadLetter) {
      this.nodeId = nodeId;
      this.source = source;
      this.names = schema.names().toArray(String[]::new);
      this.deadLetter = deadLetter;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
      late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<BadRecord> out) {
      late.inc();
      if (deadLetter) {
        LocalDateTime at = EventTime.time(ctx.timestamp());
        out.collect(
            new BadRecord(
                nodeId,
                source,
                RowJson.of(names, row),
                "Late: its event time "
                    + at
                    + " is in windows that had already closed (time had reached "
                    + EventTime.time(ctx.timerService().currentWatermark() + 1)
                    + ")."));
      }
    }
  }

  /** Sends each row to the side output of its branch, without the branch index field. */
  private static final class RouteSplit extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final List<OutputTag<Row>> tags;
    private final int arity;

    RouteSplit(List<OutputTag<Row>> tags, int arity) {
      this.tags = List.copyOf(tags);
      this.arity = arity;
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
      int branch = ((Number) row.getField(arity)).intValue();
      Row record = new Row(row.getKind(), arity);
      for (int i = 0; i < arity; i++) {
        record.setField(i, row.getField(i));
      }
      ctx.output(tags.get(branch), record);
    }
  }
}
