package io.sluice.executor.compile.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.apache.flink.types.Row;

/** A row as a JSON object of its fields, for the dead-letter's {@code raw}. */
final class RowJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RowJson() {}

  static String of(String[] names, Row row) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      Object value = row.getField(i);
      if (value == null) {
        node.putNull(name);
      } else if (value instanceof Long l) {
        node.put(name, l);
      } else if (value instanceof Double d) {
        node.put(name, d);
      } else if (value instanceof BigDecimal d) {
        node.put(name, d);
      } else if (value instanceof Boolean b) {
        node.put(name, b);
      } else {
        node.put(name, value.toString());
      }
    }
    return node.toString();
  }
}
