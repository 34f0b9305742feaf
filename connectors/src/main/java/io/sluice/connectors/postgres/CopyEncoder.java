package io.sluice.connectors.postgres;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * Encodes rows as lines of PostgreSQL's text COPY format: tab between columns, {@code \N} for null,
 * backslash escapes for backslash, tab, newline and carriage return, values in the text form
 * PostgreSQL reads whatever its DateStyle (ISO dates, {@code BC} for years before 1).
 *
 * <p>Lines are appended as UTF-8 to a buffer that the writer sends and clears ({@link #append},
 * {@link #bytes}, {@link #size}, {@link #clear}): no String or byte array per row, since this runs
 * once per row on the task thread that also reads the files.
 *
 * <p>Not thread-safe: one per writer.
 */
final class CopyEncoder {

  private static final byte[] NULL = {'\\', 'N'};
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(US_ASCII);

  private final FieldType[] types;
  private final String[] names;
  private byte[] out;
  private int size;

  CopyEncoder(RecordSchema schema) {
    this(schema, 1024);
  }

  CopyEncoder(RecordSchema schema, int initialCapacity) {
    List<Field> fields = schema.fields();
    types = fields.stream().map(Field::type).toArray(FieldType[]::new);
    names = fields.stream().map(Field::name).toArray(String[]::new);
    out = new byte[Math.max(initialCapacity, 64)];
  }

  /**
   * Appends the line for {@code row}, with {@code extra} columns (already plain text) after the
   * fields. If a value cannot be encoded, nothing is appended and the exception says why.
   */
  void append(Row row, String... extra) {
    if (row.getArity() != types.length) {
      throw new IllegalArgumentException(
          "Row has " + row.getArity() + " fields, the sink's schema " + types.length);
    }
    int start = size;
    try {
      for (int i = 0; i < types.length; i++) {
        if (i > 0) {
          put('\t');
        }
        appendValue(i, row.getField(i));
      }
      for (String e : extra) {
        put('\t');
        appendUtf8(e, -1);
      }
      put('\n');
    } catch (RuntimeException e) {
      size = start;
      throw e;
    }
  }

  /** The line for {@code row} alone, leaving the buffer as it was. */
  byte[] encode(Row row, String... extra) {
    int start = size;
    append(row, extra);
    byte[] line = Arrays.copyOfRange(out, start, size);
    size = start;
    return line;
  }

  /** The buffer; valid up to {@link #size}, until the next call. */
  byte[] bytes() {
    return out;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  private void appendValue(int i, Object value) {
    if (value == null) {
      put(NULL);
      return;
    }
    try {
      switch (types[i]) {
        case STRING -> appendUtf8((String) value, i);
        case LONG -> appendLong((Long) value);
        case DOUBLE -> appendDouble((Double) value);
        case DECIMAL -> appendAscii(((BigDecimal) value).toPlainString());
        case BOOLEAN -> put(((Boolean) value) ? 't' : 'f');
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

  /** {@code s} as UTF-8 with COPY's escapes; {@code field} names the field for errors, or -1. */
  private void appendUtf8(String s, int field) {
    int length = s.length();
    ensure(length * 3); // the most UTF-8 bytes, or escaped bytes, a char can take
    byte[] b = out;
    int p = size;
    for (int k = 0; k < length; k++) {
      char ch = s.charAt(k);
      if (ch >= 0x80) {
        if (ch < 0x800) {
          b[p++] = (byte) (0xC0 | (ch >> 6));
          b[p++] = (byte) (0x80 | (ch & 0x3F));
        } else if (Character.isHighSurrogate(ch)
            && k + 1 < length
            && Character.isLowSurrogate(s.charAt(k + 1))) {
          int cp = Character.toCodePoint(ch, s.charAt(++k));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(ch)) {
          b[p++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
        } else {
          b[p++] = (byte) (0xE0 | (ch >> 12));
          b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (ch & 0x3F));
        }
        continue;
      }
      switch (ch) {
        case '\\' -> {
          b[p++] = '\\';
          b[p++] = '\\';
        }
        case '\t' -> {
          b[p++] = '\\';
          b[p++] = 't';
        }
        case '\n' -> {
          b[p++] = '\\';
          b[p++] = 'n';
        }
        case '\r' -> {
          b[p++] = '\\';
          b[p++] = 'r';
        }
        case '\0' ->
            throw new IllegalArgumentException(
                "Field '"
                    + (field < 0 ? "(extra column)" : names[field])
                    + "' holds the NUL character, which PostgreSQL text cannot store");
        default -> b[p++] = (byte) ch;
      }
    }
    size = p;
  }

  private void appendLong(long v) {
    if (v == Long.MIN_VALUE) {
      put(LONG_MIN);
      return;
    }
    ensure(20);
    if (v < 0) {
      out[size++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = size + digits;
    size = p;
    do {
      out[--p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
  }

  private void appendDouble(double d) {
    if (Double.isNaN(d)) {
      appendAscii("NaN");
    } else if (Double.isInfinite(d)) {
      appendAscii(d > 0 ? "Infinity" : "-Infinity");
    } else {
      appendAscii(Double.toString(d)); // shortest text that reads back as the same double
    }
  }

  private void appendDate(LocalDate date) {
    appendYmd(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    if (date.getYear() <= 0) {
      appendAscii(" BC");
    }
  }

  private void appendTimestamp(LocalDateTime ts) {
    appendYmd(ts.getYear(), ts.getMonthValue(), ts.getDayOfMonth());
    put(' ');
    pad(ts.getHour(), 2);
    put(':');
    pad(ts.getMinute(), 2);
    put(':');
    pad(ts.getSecond(), 2);
    if (ts.getNano() != 0) {
      put('.');
      pad(ts.getNano(), 9); // PostgreSQL rounds to its precision
    }
    if (ts.getYear() <= 0) {
      appendAscii(" BC");
    }
  }

  /** ISO year-month-day; year 0 is 1 BC, -1 is 2 BC (the proleptic calendar has a year 0). */
  private void appendYmd(int year, int month, int day) {
    pad(year <= 0 ? 1 - year : year, 4);
    put('-');
    pad(month, 2);
    put('-');
    pad(day, 2);
  }

  private void pad(int value, int width) {
    String digits = Integer.toString(value);
    for (int k = digits.length(); k < width; k++) {
      put('0');
    }
    appendAscii(digits);
  }

  /** Text known to be ASCII without COPY specials: numbers, dates. */
  private void appendAscii(String s) {
    int length = s.length();
    ensure(length);
    for (int k = 0; k < length; k++) {
      out[size++] = (byte) s.charAt(k);
    }
  }

  private void put(char c) {
    ensure(1);
    out[size++] = (byte) c;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
    }
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
