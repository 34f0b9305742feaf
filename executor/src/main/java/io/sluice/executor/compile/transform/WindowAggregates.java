package io.sluice.executor.compile.transform;

import io.sluice.model.schema.FieldType;
import io.sluice.model.transform.AggregateCall;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

/**
 * The aggregates of one window and group, kept as one accumulator row in Flink state and merged
 * when session windows merge. The accumulator has a declared type (no Kryo), one or two slots per
 * aggregate: count and count(*) a long, count distinct a map of the values seen, sum/min/max the
 * value, avg a double sum and a long count. Nulls are skipped, as in SQL.
 */
final class WindowAggregates implements AggregateFunction<Row, Row, Row> {
  private static final long serialVersionUID = 1L;

  /** One aggregate resolved against the input: which field, of which type, into which slot. */
  record Spec(AggregateCall.Function function, int field, FieldType type, int slot)
      implements Serializable {}

  private final List<Spec> specs;
  private final int slots;

  private WindowAggregates(List<Spec> specs, int slots) {
    this.specs = List.copyOf(specs);
    this.slots = slots;
  }

  /** The function and its accumulator type for {@code calls} over input fields typed {@code in}. */
  static WindowAggregates of(
      List<AggregateCall> calls,
      List<String> names,
      List<FieldType> types,
      List<TypeInformation<?>> typeInfos,
      List<TypeInformation<?>> accTypes) {
    List<Spec> specs = new ArrayList<>();
    int slot = 0;
    for (AggregateCall call : calls) {
      int field = call.field().map(names::indexOf).orElse(-1);
      FieldType type = field < 0 ? FieldType.LONG : types.get(field);
      specs.add(new Spec(call.function(), field, type, slot));
      switch (call.function()) {
        case COUNT -> accTypes.add(BasicTypeInfo.LONG_TYPE_INFO);
        case COUNT_DISTINCT ->
            accTypes.add(new MapTypeInfo<>(typeInfos.get(field), BasicTypeInfo.BOOLEAN_TYPE_INFO));
        case SUM, MIN, MAX -> accTypes.add(typeInfos.get(field));
        case AVG -> {
          accTypes.add(BasicTypeInfo.DOUBLE_TYPE_INFO);
          accTypes.add(BasicTypeInfo.LONG_TYPE_INFO);
          slot++;
        }
      }
      slot++;
    }
    return new WindowAggregates(specs, slot);
  }

  static RowTypeInfo accumulatorType(List<TypeInformation<?>> accTypes) {
    String[] names = new String[accTypes.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = "a" + i;
    }
    return new RowTypeInfo(accTypes.toArray(TypeInformation<?>[]::new), names);
  }

  @Override
  public Row createAccumulator() {
    Row acc = new Row(slots);
    for (Spec spec : specs) {
      switch (spec.function()) {
        case COUNT -> acc.setField(spec.slot(), 0L);
        case COUNT_DISTINCT -> acc.setField(spec.slot(), new HashMap<>());
        case AVG -> {
          acc.setField(spec.slot(), 0.0);
          acc.setField(spec.slot() + 1, 0L);
        }
        default -> {}
      }
    }
    return acc;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Row add(Row record, Row acc) {
    for (Spec spec : specs) {
      Object value = spec.field() < 0 ? Boolean.TRUE : record.getField(spec.field());
      if (value == null) {
        continue;
      }
      int s = spec.slot();
      switch (spec.function()) {
        case COUNT -> acc.setField(s, (Long) acc.getField(s) + 1);
        case COUNT_DISTINCT -> ((Map<Object, Boolean>) acc.getField(s)).put(value, Boolean.TRUE);
        case SUM -> acc.setField(s, plus(acc.getField(s), value));
        case MIN -> acc.setField(s, pick(acc.getField(s), value, true));
        case MAX -> acc.setField(s, pick(acc.getField(s), value, false));
        case AVG -> {
          acc.setField(s, (Double) acc.getField(s) + ((Number) value).doubleValue());
          acc.setField(s + 1, (Long) acc.getField(s + 1) + 1);
        }
      }
    }
    return acc;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Row merge(Row a, Row b) {
    for (Spec spec : specs) {
      int s = spec.slot();
      switch (spec.function()) {
        case COUNT -> a.setField(s, (Long) a.getField(s) + (Long) b.getField(s));
        case COUNT_DISTINCT ->
            ((Map<Object, Boolean>) a.getField(s)).putAll((Map<Object, Boolean>) b.getField(s));
        case SUM ->
            a.setField(
                s, b.getField(s) == null ? a.getField(s) : plus(a.getField(s), b.getField(s)));
        case MIN ->
            a.setField(
                s,
                b.getField(s) == null ? a.getField(s) : pick(a.getField(s), b.getField(s), true));
        case MAX ->
            a.setField(
                s,
                b.getField(s) == null ? a.getField(s) : pick(a.getField(s), b.getField(s), false));
        case AVG -> {
          a.setField(s, (Double) a.getField(s) + (Double) b.getField(s));
          a.setField(s + 1, (Long) a.getField(s + 1) + (Long) b.getField(s + 1));
        }
      }
    }
    return a;
  }

  /** The aggregates' values, in the order of the calls. */
  @Override
  @SuppressWarnings("unchecked")
  public Row getResult(Row acc) {
    Row result = new Row(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      int s = spec.slot();
      result.setField(
          i,
          switch (spec.function()) {
            case COUNT_DISTINCT -> (long) ((Map<Object, Boolean>) acc.getField(s)).size();
            case AVG -> {
              long n = (Long) acc.getField(s + 1);
              yield n == 0 ? null : (Double) acc.getField(s) / n;
            }
            default -> acc.getField(s);
          });
    }
    return result;
  }

  private static Object plus(Object sum, Object value) {
    if (sum == null) {
      return value;
    }
    if (value instanceof Long l) {
      return (Long) sum + l;
    }
    if (value instanceof Double d) {
      return (Double) sum + d;
    }
    return ((BigDecimal) sum).add((BigDecimal) value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object pick(Object current, Object value, boolean smallest) {
    if (current == null) {
      return value;
    }
    int order = ((Comparable) value).compareTo(current);
    return (smallest ? order < 0 : order > 0) ? value : current;
  }
}
