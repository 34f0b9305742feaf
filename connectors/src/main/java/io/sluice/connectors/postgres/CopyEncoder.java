package io.sluice.connectors.postgres;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * Encodes rows as lines of PostgreSQL's text COPY format: tab between columns, {@code \N} for null,
 * backslash escapes for backslash, tab, newline and carriage return, values in the text form
 * PostgreSQL reads whatever its DateStyle (ISO dates, {@code BC} for years before 1).
 *
 * <p>Not thread-safe: one per writer.
 */
final class CopyEncoder {

  private final FieldType[] types;
  private final String[] names;
  private final StringBuilder line = new StringBuilder(256);

  CopyEncoder(RecordSchema schema) {
    List<Field> fields = schema.fields();
    types = fields.stream().map(Field::type).toArray(FieldType[]::new);
    names = fields.stream().map(Field::name).toArray(String[]::new);
  }

  /** The line for {@code row}, with {@code extra} columns (already plain text) after the fields. */
  byte[] encode(Row row, String... extra) {
    if (row.getArity() != types.length) {
      throw new IllegalArgumentException(
          "Row has " + row.getArity() + " fields, the sink's schema " + types.length);
    }
    line.setLength(0);
    for (int i = 0; i < types.length; i++) {
      if (i > 0) {
        line.append('\t');
      }
      appendValue(i, row.getField(i));
    }
    for (String e : extra) {
      line.append('\t').append(e);
    }
    line.append('\n');
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void appendValue(int i, Object value) {
    if (value == null) {
      line.append("\\N");
      return;
    }
    try {
      switch (types[i]) {
        case STRING -> appendEscaped(i, (String) value);
        case LONG -> line.append(((Long) value).longValue());
        case DOUBLE -> appendDouble((Double) value);
        case DECIMAL -> line.append(((BigDecimal) value).toPlainString());
        case BOOLEAN -> line.append(((Boolean) value) ? 't' : 'f');
        case DATE -> appendDate((LocalDate) value);
        case TIMESTAMP -> appendTimestamp((LocalDateTime) value);
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "Field '"
              + names[i]
              + "' is declared "
              + types[i].wireName()
              + " but holds a "
              + value.getClass().getName(),
          e);
    }
  }

  private void appendEscaped(int i, String s) {
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      switch (ch) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\0' ->
            throw new IllegalArgumentException(
                "Field '"
                    + names[i]
                    + "' holds the NUL character, which PostgreSQL text cannot store");
        default -> line.append(ch);
      }
    }
  }

  private void appendDouble(double d) {
    if (Double.isNaN(d)) {
      line.append("NaN");
    } else if (Double.isInfinite(d)) {
      line.append(d > 0 ? "Infinity" : "-Infinity");
    } else {
      line.append(d); // shortest text that reads back as the same double
    }
  }

  private void appendDate(LocalDate date) {
    appendYmd(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    if (date.getYear() <= 0) {
      line.append(" BC");
    }
  }

  private void appendTimestamp(LocalDateTime ts) {
    appendYmd(ts.getYear(), ts.getMonthValue(), ts.getDayOfMonth());
    line.append(' ');
    pad(ts.getHour(), 2);
    line.append(':');
    pad(ts.getMinute(), 2);
    line.append(':');
    pad(ts.getSecond(), 2);
    if (ts.getNano() != 0) {
      line.append('.');
      pad(ts.getNano(), 9); // PostgreSQL rounds to its precision
    }
    if (ts.getYear() <= 0) {
      line.append(" BC");
    }
  }

  /** ISO year-month-day; year 0 is 1 BC, -1 is 2 BC (the proleptic calendar has a year 0). */
  private void appendYmd(int year, int month, int day) {
    pad(year <= 0 ? 1 - year : year, 4);
    line.append('-');
    pad(month, 2);
    line.append('-');
    pad(day, 2);
  }

  private void pad(int value, int width) {
    String digits = Integer.toString(value);
    for (int k = digits.length(); k < width; k++) {
      line.append('0');
    }
    line.append(digits);
  }

  /** The COPY column list for the fields. */
  static String columnList(RecordSchema schema) {
    StringBuilder sb = new StringBuilder();
    for (Field f : schema.fields()) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(TableName.quote(f.name()));
    }
    return sb.toString();
  }
}
