package io.sluice.connectors.file.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.connectors.file.FileFormat;
import io.sluice.model.schema.Field;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.types.Row;

/**
 * Writes a row as one line of CSV (quoted where needed, by Jackson's CSV writer) or one JSON
 * object, UTF-8. Values are written as the file-directory source reads them back: ISO-8601 dates
 * and timestamps, plain decimals, and for CSV an empty value for null.
 *
 * <p>JSON is written field by field into a reused buffer (no tree, no intermediate {@code String}):
 * this runs once per record in every file, S3 and Kafka sink. Characters outside the BMP are
 * written as 4-byte UTF-8; a lone UTF-16 surrogate (not a character) is written escaped, {@code
 * \}{@code uD800}, so it reads back as it was.
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
  private transient JsonFactory json;
  private transient Buffer buffer;

  public RowLineEncoder(FileFormat format, char delimiter, List<Field> fields) {
    this.format = format;
    this.delimiter = delimiter;
    this.names = new ArrayList<>(fields.stream().map(Field::name).toList());
  }

  @Override
  public void encode(Row row, OutputStream out) throws IOException {
    fill(row);
    buffer.writeTo(out);
    out.write('\n');
  }

  /** The row as {@link #encode} writes it, without the line break: the value of a Kafka record. */
  public byte[] value(Row row) throws IOException {
    fill(row);
    return buffer.copy();
  }

  /** Leaves the row's line, without its line break, in {@link #buffer}. */
  private void fill(Row row) throws IOException {
    if (buffer == null) {
      buffer = new Buffer();
    }
    buffer.reset();
    if (format == FileFormat.CSV) {
      String line = csvLine(row);
      // Jackson's CSV writer ends the line with the schema's line separator, "\n".
      buffer.write(line.substring(0, line.length() - 1).getBytes(StandardCharsets.UTF_8));
      return;
    }
    jsonValue(row, buffer);
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

  private void jsonValue(Row row, OutputStream out) throws IOException {
    if (json == null) {
      json =
          JsonFactory.builder()
              .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
              // As String.getBytes does; Jackson's default escapes each half as \ uXXXX.
              .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
              .build();
    }
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      for (int i = 0; i < names.size(); i++) {
        Object value = row.getField(i);
        g.writeFieldName(names.get(i));
        if (value == null) {
          g.writeNull();
        } else if (value instanceof Long l) {
          g.writeNumber(l);
        } else if (value instanceof Double d) {
          g.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
          g.writeNumber(d);
        } else if (value instanceof Boolean b) {
          g.writeBoolean(b);
        } else {
          g.writeString(text(value));
        }
      }
      g.writeEndObject();
    }
  }

  private static String text(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }

  /** A reusable byte buffer whose contents can be written or copied without an extra copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    byte[] copy() {
      return Arrays.copyOf(buf, count);
    }
  }
}
