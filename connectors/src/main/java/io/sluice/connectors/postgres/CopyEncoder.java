package io.sluice.connectors.postgres;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * Encodes rows in PostgreSQL's binary COPY format: per row a field count, then per field its length
 * ({@code -1} for null) and its value as the column type's binary form.
 *
 * <p>Binary rather than text because the server then does not parse numbers and timestamps: on a
 * machine where the server and the pipeline share the cores, that parsing is the larger part of a
 * load's server time. The cost is that every value must match its column's type exactly, so the
 * encoder is built from the types of the columns it writes ({@link ColumnKind#of}), which the sink
 * reads from the table when it starts.
 *
 * <p>Rows are appended to a buffer that the writer sends and clears ({@link #append}, {@link
 * #bytes}, {@link #size}, {@link #clear}): no array per row, since this runs once per row on the
 * task thread that also reads the files. A COPY starts with {@link #appendHeader} and ends with
 * {@link #appendTrailer}.
 *
 * <p>Not thread-safe: one per writer.
 */
final class CopyEncoder {

  /** How a column takes its values; from the field type and the column's {@code typname}. */
  enum ColumnKind {
    TEXT,
    INT8,
    NUMERIC,
    FLOAT8,
    BOOL,
    DATE,
    TIMESTAMP;

    /**
     * The kind for a field of {@code type} in a column of {@code typname}, one of those {@link
     * PostgresTables} accepts for the type.
     *
     * @throws IllegalArgumentException for a pair the sink does not write
     */
    static ColumnKind of(FieldType type, String typname) {
      ColumnKind kind =
          switch (type) {
            case STRING ->
                switch (typname) {
                  case "text", "varchar", "bpchar" -> TEXT;
                  default -> null;
                };
            case LONG ->
                switch (typname) {
                  case "int8" -> INT8;
                  case "numeric" -> NUMERIC;
                  default -> null;
                };
            case DOUBLE -> typname.equals("float8") ? FLOAT8 : null;
            case DECIMAL -> typname.equals("numeric") ? NUMERIC : null;
            case BOOLEAN -> typname.equals("bool") ? BOOL : null;
            case DATE -> typname.equals("date") ? DATE : null;
            case TIMESTAMP -> typname.equals("timestamp") ? TIMESTAMP : null;
          };
      if (kind == null) {
        throw new IllegalArgumentException(
            "A " + type.wireName() + " field cannot be written to a column of type " + typname);
      }
      return kind;
    }

    /** The kind of the column a sink creates for {@code type}. */
    static ColumnKind created(FieldType type) {
      return switch (type) {
        case STRING -> TEXT;
        case LONG -> INT8;
        case DOUBLE -> FLOAT8;
        case DECIMAL -> NUMERIC;
        case BOOLEAN -> BOOL;
        case DATE -> DATE;
        case TIMESTAMP -> TIMESTAMP;
      };
    }
  }

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  /** 2000-01-01, PostgreSQL's epoch for dates and timestamps, as days and seconds since 1970. */
  private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400L;

  private static final int NUMERIC_POS = 0x0000;
  private static final int NUMERIC_NEG = 0x4000;

  private final ColumnKind[] kinds;
  private final FieldType[] types;
  private final String[] names;
  private final short columns;
  private byte[] out;
  private int size;

  /** For a table the sink created: every column of the type {@link PostgresTables} gives it. */
  CopyEncoder(RecordSchema schema) {
    this(schema, schema.fields().stream().map(f -> ColumnKind.created(f.type())).toList(), 0);
  }

  /**
   * @param kinds the kind of each field's column, in field order
   * @param extraColumns the number of sink columns after the fields (see {@link #append(Row,
   *     String, long)})
   */
  CopyEncoder(RecordSchema schema, List<ColumnKind> kinds, int extraColumns) {
    this(schema, kinds, extraColumns, 1024);
  }

  CopyEncoder(RecordSchema schema, List<ColumnKind> kinds, int extraColumns, int initialCapacity) {
    List<Field> fields = schema.fields();
    if (kinds.size() != fields.size()) {
      throw new IllegalArgumentException(
          kinds.size() + " column kinds for " + fields.size() + " fields");
    }
    this.kinds = kinds.toArray(ColumnKind[]::new);
    types = fields.stream().map(Field::type).toArray(FieldType[]::new);
    names = fields.stream().map(Field::name).toArray(String[]::new);
    columns = (short) (fields.size() + extraColumns);
    out = new byte[Math.max(initialCapacity, 64)];
  }

  /** The kinds of the columns that hold {@code schema}'s fields, from their {@code typname}s. */
  static List<ColumnKind> kinds(RecordSchema schema, Map<String, String> typnameByColumn) {
    return schema.fields().stream()
        .map(
            f -> {
              String typname = typnameByColumn.get(f.name());
              if (typname == null) {
                throw new IllegalArgumentException("No column '" + f.name() + "' in the table");
              }
              return ColumnKind.of(f.type(), typname);
            })
        .toList();
  }

  /** The signature, flags and header extension that open a binary COPY. */
  void appendHeader() {
    put(SIGNATURE);
    putInt(0);
    putInt(0);
  }

  /** The end-of-data marker that closes a binary COPY. */
  void appendTrailer() {
    putShort(-1);
  }

  /**
   * Appends {@code row}. If a value cannot be encoded, nothing is appended and the exception says
   * why.
   */
  void append(Row row) {
    int start = begin(row);
    try {
      appendFields(row);
    } catch (RuntimeException e) {
      size = start;
      throw e;
    }
  }

  /**
   * Appends {@code row} followed by a text and a bigint column (an UPSERT sink's transaction and
   * position). If a value cannot be encoded, nothing is appended and the exception says why.
   */
  void append(Row row, String text, long number) {
    int start = begin(row);
    try {
      appendFields(row);
      appendText(text, -1);
      putInt(8);
      putLong(number);
    } catch (RuntimeException e) {
      size = start;
      throw e;
    }
  }

  /** The bytes of {@code row} alone, leaving the buffer as it was. */
  byte[] encode(Row row) {
    int start = size;
    append(row);
    byte[] bytes = Arrays.copyOfRange(out, start, size);
    size = start;
    return bytes;
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

  private int begin(Row row) {
    if (row.getArity() != types.length) {
      throw new IllegalArgumentException(
          "Row has " + row.getArity() + " fields, the sink's schema " + types.length);
    }
    int start = size;
    putShort(columns);
    return start;
  }

  private void appendFields(Row row) {
    for (int i = 0; i < types.length; i++) {
      appendValue(i, row.getField(i));
    }
  }

  private void appendValue(int i, Object value) {
    if (value == null) {
      putInt(-1);
      return;
    }
    try {
      switch (kinds[i]) {
        case TEXT -> appendText((String) value, i);
        case INT8 -> {
          putInt(8);
          putLong((Long) value);
        }
        case NUMERIC ->
            appendNumeric(
                types[i] == FieldType.LONG ? BigDecimal.valueOf((Long) value) : (BigDecimal) value);
        case FLOAT8 -> {
          putInt(8);
          putLong(Double.doubleToLongBits((Double) value));
        }
        case BOOL -> {
          putInt(1);
          put(((Boolean) value) ? (byte) 1 : (byte) 0);
        }
        case DATE -> {
          putInt(4);
          putInt(pgDays(i, (LocalDate) value));
        }
        case TIMESTAMP -> {
          putInt(8);
          putLong(pgMicros(i, (LocalDateTime) value));
        }
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

  /** Days since 2000-01-01; the server checks its own range, this only that the int holds it. */
  private int pgDays(int field, LocalDate date) {
    long days = date.toEpochDay() - PG_EPOCH_DAY;
    if (days != (int) days) {
      throw outOfRange(field, date);
    }
    return (int) days;
  }

  /**
   * Microseconds since 2000-01-01 00:00, the nanoseconds rounded half to even as the server rounds
   * the fraction of a timestamp it reads as text.
   */
  private long pgMicros(int field, LocalDateTime ts) {
    int nanos = ts.getNano();
    long micros = nanos / 1000;
    int rest = nanos % 1000;
    if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
      micros++;
    }
    try {
      long seconds = ts.toEpochSecond(ZoneOffset.UTC) - PG_EPOCH_SECOND;
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
    } catch (ArithmeticException e) {
      throw outOfRange(field, ts);
    }
  }

  private IllegalArgumentException outOfRange(int field, Object value) {
    return new IllegalArgumentException(
        "Field '" + names[field] + "' holds " + value + ", outside the range PostgreSQL stores");
  }

  /**
   * The value as base-10000 digits with a weight (the power of 10000 of the first digit), a sign
   * and the display scale, as {@code numeric_send} writes it.
   */
  private void appendNumeric(BigDecimal value) {
    int scale = Math.max(value.scale(), 0);
    BigInteger unscaled = value.unscaledValue().abs();
    if (value.scale() < 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(-value.scale()));
    }
    String digits = unscaled.toString();
    String whole;
    String fraction;
    if (digits.length() <= scale) {
      whole = "";
      fraction = "0".repeat(scale - digits.length()) + digits;
    } else {
      whole = digits.substring(0, digits.length() - scale);
      fraction = digits.substring(digits.length() - scale);
    }
    int wholeGroups = (whole.length() + 3) / 4;
    int fractionGroups = (fraction.length() + 3) / 4;
    String padded =
        "0".repeat(wholeGroups * 4 - whole.length())
            + whole
            + fraction
            + "0".repeat(fractionGroups * 4 - fraction.length());
    int first = 0;
    int last = wholeGroups + fractionGroups; // exclusive
    int weight = wholeGroups - 1;
    while (first < last && group(padded, first) == 0) {
      first++;
      weight--;
    }
    while (last > first && group(padded, last - 1) == 0) {
      last--;
    }
    int count = last - first;
    boolean zero = count == 0;
    putInt(8 + 2 * count);
    putShort(count);
    putShort(zero ? 0 : weight);
    putShort(zero || value.signum() >= 0 ? NUMERIC_POS : NUMERIC_NEG);
    putShort(scale);
    for (int g = first; g < last; g++) {
      putShort(group(padded, g));
    }
  }

  private static int group(String padded, int g) {
    int p = g * 4;
    return (padded.charAt(p) - '0') * 1000
        + (padded.charAt(p + 1) - '0') * 100
        + (padded.charAt(p + 2) - '0') * 10
        + (padded.charAt(p + 3) - '0');
  }

  /** {@code s} as UTF-8 after its length; {@code field} names the field for errors, or -1. */
  private void appendText(String s, int field) {
    int length = s.length();
    ensure(4 + length * 3); // the most UTF-8 bytes a char can take
    byte[] b = out;
    int lengthAt = size;
    int p = size + 4;
    for (int k = 0; k < length; k++) {
      char ch = s.charAt(k);
      if (ch < 0x80) {
        if (ch == 0) {
          throw new IllegalArgumentException(
              "Field '"
                  + (field < 0 ? "(extra column)" : names[field])
                  + "' holds the NUL character, which PostgreSQL text cannot store");
        }
        b[p++] = (byte) ch;
      } else if (ch < 0x800) {
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
    }
    size = lengthAt;
    putInt(p - lengthAt - 4);
    size = p;
  }

  private void putShort(int v) {
    ensure(2);
    out[size++] = (byte) (v >> 8);
    out[size++] = (byte) v;
  }

  private void putInt(int v) {
    ensure(4);
    out[size++] = (byte) (v >> 24);
    out[size++] = (byte) (v >> 16);
    out[size++] = (byte) (v >> 8);
    out[size++] = (byte) v;
  }

  private void putLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[size++] = (byte) (v >> shift);
    }
  }

  private void put(byte b) {
    ensure(1);
    out[size++] = b;
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
