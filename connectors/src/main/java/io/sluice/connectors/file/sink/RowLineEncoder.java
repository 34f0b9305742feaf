package io.sluice.connectors.file.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.connectors.file.FileFormat;
import io.sluice.model.schema.Field;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.types.Row;

/**
 * Writes a row as one line of CSV (quoted where needed, by Jackson's CSV writer) or one JSON
 * object, UTF-8. Values are written as the file-directory source reads them back: ISO-8601 dates
 * and timestamps, plain decimals, and for CSV an empty value for null.
 *
 * <p>Not thread-safe; Flink gives each sink subtask its own copy.
 */
public final class RowLineEncoder implements Encoder<Row> {
  private static final long serialVersionUID = 1L;

  private final FileFormat format;
  private final char delimiter;
  private final List<String> names;
  private transient CsvMapper csv;
  private transient CsvSchema csvSchema;
  private transient ObjectMapper json;

  public RowLineEncoder(FileFormat format, char delimiter, List<Field> fields) {
    this.format = format;
    this.delimiter = delimiter;
    this.names = new ArrayList<>(fields.stream().map(Field::name).toList());
  }

  @Override
  public void encode(Row row, OutputStream out) throws IOException {
    String line = format == FileFormat.CSV ? csvLine(row) : jsonLine(row);
    out.write(line.getBytes(StandardCharsets.UTF_8));
  }

  /** The header line of a CSV file with these fields. */
  public String csvHeader() {
    return String.join(String.valueOf(delimiter), names) + "\n";
  }

  private String csvLine(Row row) throws IOException {
    if (csv == null) {
      csv = new CsvMapper();
      csvSchema = CsvSchema.emptySchema().withColumnSeparator(delimiter).withLineSeparator("\n");
    }
    List<String> values = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      Object value = row.getField(i);
      values.add(value == null ? "" : text(value));
    }
    return csv.writer(csvSchema).writeValueAsString(values);
  }

  private String jsonLine(Row row) throws IOException {
    if (json == null) {
      json = new ObjectMapper();
    }
    ObjectNode node = json.createObjectNode();
    for (int i = 0; i < names.size(); i++) {
      Object value = row.getField(i);
      String name = names.get(i);
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
        node.put(name, text(value));
      }
    }
    return json.writeValueAsString(node) + "\n";
  }

  private static String text(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }
}
