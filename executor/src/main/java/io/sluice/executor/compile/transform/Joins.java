package io.sluice.executor.compile.transform;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.executor.plan.Step;
import io.sluice.model.id.PortName;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.co.ProcessJoinFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The interval join and the lookup join: the fields each puts out and their DataStream operators.
 *
 * <p>Uids (roles of {@code node/<id>/<role>}): interval-join {@code left-event-time}, {@code
 * left-watermarks}, {@code right-event-time}, {@code right-watermarks}, {@code join} (the state:
 * records of both sides waiting for a partner), {@code left-late}, {@code right-late}; lookup-join
 * {@code lookup} (no state: its cache lives in memory).
 */
public final class Joins {
  private Joins() {}

  // ---- interval join

  /** The left fields, then the right ones not dropped, each with the right prefix. */
  public static RecordSchema intervalJoinSchema(
      Step.IntervalJoin step, RecordSchema left, RecordSchema right) {
    Transforms.requireTimestamp(left, step.leftTime().field().get(), "config.leftTimeField");
    Transforms.requireTimestamp(right, step.rightTime().field().get(), "config.rightTimeField");
    for (KeyPair key : step.keys()) {
      Field l = Transforms.require(left, key.left(), "config.keys", "Left key field");
      Field r = Transforms.require(right, key.right(), "config.keys", "Right key field");
      if (l.type() != r.type()) {
        throw new FieldProblem(
            "config.keys",
            ProblemCodes.INVALID_CONFIG,
            "Key "
                + key.left()
                + " = "
                + key.right()
                + ": the left field is a "
                + l.type().wireName()
                + " and the right one a "
                + r.type().wireName()
                + "; convert one with a derive first.");
      }
    }
    for (String drop : step.rightDrop()) {
      Transforms.require(right, drop, "config.rightDrop", "Right field");
    }
    List<Field> fields = new ArrayList<>(left.fields());
    Map<String, String> taken = new HashMap<>();
    left.names().forEach(n -> taken.put(n.toLowerCase(Locale.ROOT), n));
    for (Field field : right.fields()) {
      if (step.rightDrop().contains(field.name())) {
        continue;
      }
      String name = step.rightPrefix() + field.name();
      String clash = taken.put(name.toLowerCase(Locale.ROOT), name);
      if (clash != null) {
        throw new FieldProblem(
            "config.rightPrefix",
            ProblemCodes.INVALID_CONFIG,
            "Right field '"
                + field.name()
                + "' would be called '"
                + name
                + "', like the left field '"
                + clash
                + "'. Give the right fields a prefix (such as r_), or leave it out with"
                + " rightDrop.");
      }
      fields.add(new Field(name, field.type()));
    }
    return new RecordSchema(fields);
  }

  /** Left and right records with equal keys and close event times, joined. */
  public static Transforms.Compiled intervalJoin(
      Step.IntervalJoin step,
      DataStream<Row> left,
      RecordSchema leftIn,
      String leftSource,
      DataStream<Row> right,
      RecordSchema rightIn,
      String rightSource) {
    RecordSchema outSchema = intervalJoinSchema(step, leftIn, rightIn);
    List<DataStream<BadRecord>> bad = new ArrayList<>();
    DataStream<Row> leftTimed =
        Transforms.eventTime(left, leftIn, step.leftTime(), step, leftSource, true, bad, "left-");
    DataStream<Row> rightTimed =
        Transforms.eventTime(
            right, rightIn, step.rightTime(), step, rightSource, true, bad, "right-");
    int[] leftKeys = step.keys().stream().mapToInt(k -> leftIn.names().indexOf(k.left())).toArray();
    int[] rightKeys =
        step.keys().stream().mapToInt(k -> rightIn.names().indexOf(k.right())).toArray();
    // Both sides keyed by the same key type, the left one's: equal keys meet in one subtask.
    RowTypeInfo keyType = Transforms.keyType(leftIn, leftKeys);
    OutputTag<Row> leftLate =
        new OutputTag<>("late-left-" + step.id().value(), FileDirectorySource.rowType(leftIn));
    OutputTag<Row> rightLate =
        new OutputTag<>("late-right-" + step.id().value(), FileDirectorySource.rowType(rightIn));
    int[] rightKept = new int[rightIn.fields().size() - step.rightDrop().size()];
    int n = 0;
    for (int i = 0; i < rightIn.fields().size(); i++) {
      if (!step.rightDrop().contains(rightIn.fields().get(i).name())) {
        rightKept[n++] = i;
      }
    }
    SingleOutputStreamOperator<Row> joined =
        leftTimed
            .keyBy(new Transforms.FieldsKey(leftKeys), keyType)
            .intervalJoin(rightTimed.keyBy(new Transforms.FieldsKey(rightKeys), keyType))
            .between(step.before().negated(), step.after())
            .sideOutputLeftLateData(leftLate)
            .sideOutputRightLateData(rightLate)
            .process(
                new JoinRows(leftKeys, leftIn.fields().size(), rightKept),
                FileDirectorySource.rowType(outSchema))
            .uid(step.uid("join"))
            .name(step.id() + " interval join");
    bad.add(late(joined.getSideOutput(leftLate), step, "left", leftSource, leftIn));
    bad.add(late(joined.getSideOutput(rightLate), step, "right", rightSource, rightIn));
    return new Transforms.Compiled(Map.of(PortName.OUT, joined), bad);
  }

  private static DataStream<BadRecord> late(
      DataStream<Row> late, Step step, String side, String source, RecordSchema in) {
    return late.process(
            new LateJoinRecords(step.id().value(), source, side, in),
            TypeInformation.of(BadRecord.class))
        .uid(step.uid(side + "-late"))
        .name(step.id() + " late " + side + " records");
  }

  /** A left and a right record as one row; records with an empty key field join nothing. */
  private static final class JoinRows extends ProcessJoinFunction<Row, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int[] leftKeys;
    private final int leftArity;
    private final int[] rightKept;

    JoinRows(int[] leftKeys, int leftArity, int[] rightKept) {
      this.leftKeys = leftKeys;
      this.leftArity = leftArity;
      this.rightKept = rightKept;
    }

    @Override
    public void processElement(Row left, Row right, Context ctx, Collector<Row> out) {
      for (int key : leftKeys) {
        if (left.getField(key) == null) {
          return; // as in SQL, NULL equals nothing
        }
      }
      Row row = new Row(leftArity + rightKept.length);
      for (int i = 0; i < leftArity; i++) {
        row.setField(i, left.getField(i));
      }
      for (int i = 0; i < rightKept.length; i++) {
        row.setField(leftArity + i, right.getField(rightKept[i]));
      }
      out.collect(row);
    }
  }

  /** Records that came after the time their partners could still be waiting: to the dead-letter. */
  private static final class LateJoinRecords extends ProcessFunction<Row, BadRecord> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String source;
    private final String side;
    private final String[] names;
    private transient Counter late;

    LateJoinRecords(String nodeId, String source, String side, RecordSchema schema) {
      this.nodeId = nodeId;
      this.source = source;
      this.side = side;
      this.names = schema.names().toArray(String[]::new);
    }

    @Override
    public void open(OpenContext context) {
      late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<BadRecord> out) {
      late.inc();
      out.collect(
          new BadRecord(
              nodeId,
              source,
              RowJson.of(names, row),
              "Late: its event time "
                  + EventTime.time(ctx.timestamp())
                  + " is before the time the join had reached ("
                  + EventTime.time(ctx.timerService().currentWatermark() + 1)
                  + "), so the "
                  + (side.equals("left") ? "right" : "left")
                  + " records it could join with may be gone."));
    }
  }

  // ---- lookup join

  /** The input's fields, then the looked-up columns with the prefix. */
  public static RecordSchema lookupJoinSchema(Step.LookupJoin step, RecordSchema in) {
    for (KeyPair key : step.keys()) {
      Transforms.require(in, key.left(), "config.keys", "Key field");
    }
    List<Field> fields = new ArrayList<>(in.fields());
    for (Field column : step.columns().fields()) {
      String name = step.prefix() + column.name();
      if (in.field(name).isPresent()) {
        throw new FieldProblem(
            "config.columns",
            ProblemCodes.INVALID_CONFIG,
            "Column '"
                + column.name()
                + "' would be the output field '"
                + name
                + "', which the input already has. Give the columns a prefix (such as"
                + " customer_).");
      }
      fields.add(new Field(name, column.type()));
    }
    return new RecordSchema(fields);
  }

  /** Each record with the columns of its row (or rows) of the table. */
  public static Transforms.Compiled lookupJoin(
      Step.LookupJoin step, DataStream<Row> input, RecordSchema in) {
    RecordSchema out = lookupJoinSchema(step, in);
    int[] keys = step.keys().stream().mapToInt(k -> in.names().indexOf(k.left())).toArray();
    SingleOutputStreamOperator<Row> rows =
        input
            .process(
                new Lookup(LookupQuery.of(step), keys, in.fields().size()),
                FileDirectorySource.rowType(out))
            .uid(step.uid("lookup"))
            .name(step.id() + " lookup " + step.table());
    return new Transforms.Compiled(Map.of(PortName.OUT, rows), List.of());
  }

  /** Counted: records that found no row (metric {@code unmatchedRecords}). */
  static final String UNMATCHED = "unmatchedRecords";

  /**
   * Looks each record's key up through a cache in this task; a record whose key has an empty field
   * finds no row. Synchronous: see docs/architecture.md for why not async I/O.
   */
  private static final class Lookup extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final LookupQuery query;
    private final int[] keys;
    private final int arity;
    private transient LookupQuery.Cached cached;
    private transient Counter unmatched;

    Lookup(LookupQuery query, int[] keys, int arity) {
      this.query = query;
      this.keys = keys;
      this.arity = arity;
    }

    @Override
    public void open(OpenContext context) {
      cached = query.open();
      unmatched = getRuntimeContext().getMetricGroup().counter(UNMATCHED);
      getRuntimeContext().getMetricGroup().gauge("lookupCacheSize", () -> cached.size());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
      Object[] key = new Object[keys.length];
      boolean complete = true;
      for (int i = 0; i < keys.length; i++) {
        key[i] = row.getField(keys[i]);
        complete &= key[i] != null;
      }
      List<Object[]> found = complete ? cached.rows(key) : List.of();
      if (found.isEmpty()) {
        unmatched.inc();
        if (query.inner()) {
          return;
        }
        found = List.<Object[]>of(new Object[query.columnCount()]);
      }
      for (Object[] columns : found) {
        Row joined = new Row(arity + columns.length);
        for (int i = 0; i < arity; i++) {
          joined.setField(i, row.getField(i));
        }
        for (int i = 0; i < columns.length; i++) {
          joined.setField(arity + i, columns[i]);
        }
        out.collect(joined);
      }
    }

    @Override
    public void close() {
      if (cached != null) {
        cached.close();
      }
    }
  }
}
