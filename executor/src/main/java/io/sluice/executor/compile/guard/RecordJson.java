package io.sluice.executor.compile.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * A record as the JSON object of its fields, for the {@code raw} column of a dead letter: {@code
 * {"id":7,"code":"abc","day":"2026-11-24"}}. Numbers and booleans stay JSON numbers and booleans;
 * decimals are exact; dates and timestamps are ISO-8601 text.
 *
 * <p>Reads the planner's internal rows ({@link RowData}); anything else is written with its {@code
 * toString}. Not thread-safe: one per operator instance.
 */
final class RecordJson implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RowType type;
  private transient List<RowData.FieldGetter> getters;
  private transient ObjectMapper json;

  private RecordJson(RowType type) {
    this.type = type;
  }

  /** For records of {@code type}. */
  static RecordJson of(TypeInformation<?> type) {
    return new RecordJson(type instanceof InternalTypeInfo<?> internal ? rowType(internal) : null);
  }

  private static RowType rowType(InternalTypeInfo<?> internal) {
    return internal.toLogicalType() instanceof RowType row ? row : null;
  }

  String render(Object record) {
    if (type == null || !(record instanceof RowData row)) {
      return String.valueOf(record);
    }
    if (getters == null) {
      json = new ObjectMapper();
      getters =
          IntStream.range(0, type.getFieldCount())
              .mapToObj(i -> RowData.createFieldGetter(type.getTypeAt(i), i))
              .toList();
    }
    ObjectNode node = json.createObjectNode();
    for (int i = 0; i < getters.size(); i++) {
      put(node, type.getFieldNames().get(i), type.getTypeAt(i), getters.get(i).getFieldOrNull(row));
    }
    return node.toString();
  }

  private static void put(ObjectNode node, String name, LogicalType type, Object value) {
    if (value == null) {
      node.putNull(name);
    } else if (value instanceof Integer n && type.getTypeRoot() == LogicalTypeRoot.DATE) {
      node.put(name, LocalDate.ofEpochDay(n).toString());
    } else if (value instanceof Integer n
        && type.getTypeRoot() == LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE) {
      node.put(name, LocalTime.ofNanoOfDay(n * 1_000_000L).toString());
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      node.put(name, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      node.put(name, ((Number) value).doubleValue());
    } else if (value instanceof Boolean b) {
      node.put(name, b);
    } else if (value instanceof DecimalData d) {
      node.put(name, d.toBigDecimal());
    } else if (value instanceof TimestampData t) {
      node.put(name, t.toLocalDateTime().toString());
    } else {
      node.put(name, value.toString()); // StringData and the rest
    }
  }
}
