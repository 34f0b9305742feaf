package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.postgres.CopyEncoder.ColumnKind;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The bytes of the binary COPY format; {@code PostgresWriterIT} checks what the server reads. */
class CopyEncoderTest {

  private static RecordSchema one(FieldType type) {
    return new RecordSchema(List.of(new Field("v", type)));
  }

  /** The value bytes of a one-field row (after the field count and the length). */
  private static byte[] value(FieldType type, ColumnKind kind, Object value) {
    ByteBuffer row =
        ByteBuffer.wrap(new CopyEncoder(one(type), List.of(kind), 0).encode(Row.of(value)));
    assertThat(row.getShort()).isEqualTo((short) 1);
    int length = row.getInt();
    assertThat(length).isEqualTo(row.remaining());
    return Arrays.copyOfRange(row.array(), row.position(), row.limit());
  }

  private static byte[] value(FieldType type, Object value) {
    return value(type, ColumnKind.created(type), value);
  }

  /** numeric as {ndigits, weight, sign, dscale, digits...}. */
  private static List<Integer> numeric(Object value, FieldType type) {
    ByteBuffer b = ByteBuffer.wrap(value(type, ColumnKind.NUMERIC, value));
    List<Integer> shorts = new ArrayList<>();
    while (b.hasRemaining()) {
      shorts.add((int) b.getShort());
    }
    return shorts;
  }

  @Test
  void writesTextAsUtf8WithoutEscapesAndNullAsLengthMinusOne() {
    assertThat(value(FieldType.STRING, "a\tb\nc\\N é"))
        .isEqualTo("a\tb\nc\\N é".getBytes(StandardCharsets.UTF_8));
    ByteBuffer row =
        ByteBuffer.wrap(
            new CopyEncoder(
                    new RecordSchema(
                        List.of(new Field("a", FieldType.LONG), new Field("b", FieldType.STRING))))
                .encode(Row.of(null, "")));
    assertThat(row.getShort()).isEqualTo((short) 2);
    assertThat(row.getInt()).isEqualTo(-1);
    assertThat(row.getInt()).isZero();
    assertThat(row.hasRemaining()).isFalse();
  }

  @Test
  void writesFixedWidthValuesInNetworkOrderFromTheYear2000() {
    assertThat(ByteBuffer.wrap(value(FieldType.LONG, Long.MIN_VALUE)).getLong())
        .isEqualTo(Long.MIN_VALUE);
    assertThat(ByteBuffer.wrap(value(FieldType.DOUBLE, -0.0)).getDouble()).isEqualTo(-0.0);
    assertThat(value(FieldType.BOOLEAN, true)).containsExactly(1);
    assertThat(ByteBuffer.wrap(value(FieldType.DATE, LocalDate.of(2000, 1, 1))).getInt()).isZero();
    assertThat(ByteBuffer.wrap(value(FieldType.DATE, LocalDate.of(1999, 12, 31))).getInt())
        .isEqualTo(-1);
    assertThat(
            ByteBuffer.wrap(value(FieldType.TIMESTAMP, LocalDateTime.of(2000, 1, 2, 0, 0, 1)))
                .getLong())
        .isEqualTo(86_401_000_000L);
  }

  @Test
  void roundsNanosecondsToMicrosecondsHalfToEvenAsTheServerDoes() {
    long[] micros = new long[4];
    int[] nanos = {1_499, 1_500, 2_500, 2_501};
    for (int i = 0; i < nanos.length; i++) {
      micros[i] =
          ByteBuffer.wrap(
                  value(FieldType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 0, nanos[i])))
              .getLong();
    }
    assertThat(micros).containsExactly(1, 2, 2, 3);
    assertThat(
            ByteBuffer.wrap(
                    value(
                        FieldType.TIMESTAMP,
                        LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_999)))
                .getLong())
        .isZero();
  }

  @Test
  void writesNumericAsBase10000DigitsWithWeightSignAndScale() {
    assertThat(numeric(new BigDecimal("123.45"), FieldType.DECIMAL))
        .containsExactly(2, 0, 0, 2, 123, 4500);
    assertThat(numeric(new BigDecimal("1E+30"), FieldType.DECIMAL))
        .containsExactly(1, 7, 0, 0, 100);
    assertThat(numeric(new BigDecimal("-0.0000000001"), FieldType.DECIMAL))
        .containsExactly(1, -3, 0x4000, 10, 100);
    assertThat(numeric(new BigDecimal("0.000"), FieldType.DECIMAL)).containsExactly(0, 0, 0, 3);
    assertThat(numeric(10_000_0001L, FieldType.LONG)).containsExactly(3, 2, 0, 0, 1, 0, 1);
    assertThat(numeric(Long.MIN_VALUE, FieldType.LONG))
        .containsExactly(5, 4, 0x4000, 0, 922, 3372, 368, 5477, 5808);
  }

  @Test
  void writesTheUpsertColumnsAfterTheFields() {
    ByteBuffer row =
        ByteBuffer.wrap(
            encodeWithExtras(
                new CopyEncoder(one(FieldType.LONG), List.of(ColumnKind.INT8), 2), "gid", 7));
    assertThat(row.getShort()).isEqualTo((short) 3);
    assertThat(row.getInt()).isEqualTo(8);
    assertThat(row.getLong()).isEqualTo(1);
    assertThat(row.getInt()).isEqualTo(3);
    row.position(row.position() + 3);
    assertThat(row.getInt()).isEqualTo(8);
    assertThat(row.getLong()).isEqualTo(7);
  }

  private static byte[] encodeWithExtras(CopyEncoder encoder, String text, long number) {
    encoder.append(Row.of(1L), text, number);
    return Arrays.copyOf(encoder.bytes(), encoder.size());
  }

  @Test
  void refusesTheNulCharacterValuesOfTheWrongJavaTypeAndColumnsOfAnotherType() {
    assertThatThrownBy(() -> value(FieldType.STRING, "a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> value(FieldType.LONG, "12"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'v' is declared long but holds a java.lang.String");
    assertThatThrownBy(() -> CopyEncoder.kinds(one(FieldType.STRING), Map.of("v", "int8")))
        .hasMessageContaining("A string field cannot be written to a column of type int8");
    assertThatThrownBy(() -> CopyEncoder.kinds(one(FieldType.STRING), Map.of("w", "text")))
        .hasMessageContaining("No column 'v'");
    assertThat(CopyEncoder.kinds(one(FieldType.LONG), Map.of("v", "numeric")))
        .containsExactly(ColumnKind.NUMERIC);
  }

  @Test
  void writesAnyTextAsUtf8LikeTheJdk() {
    Random random = new Random(7);
    char[] pick = {'a', 'é', '€', '\uD83D', '\uDE00', '\u07FF', '\u0800', '\uFFFF', ' '};
    for (int n = 0; n < 5_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(10); k > 0; k--) {
        text.append(pick[random.nextInt(pick.length)]);
      }
      String s = text.toString();
      assertThat(value(FieldType.STRING, s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void appendsRowsUntilClearedAndDropsTheRowItCannotEncode() {
    CopyEncoder encoder =
        new CopyEncoder(
            new RecordSchema(
                List.of(new Field("a", FieldType.LONG), new Field("b", FieldType.STRING))),
            List.of(ColumnKind.INT8, ColumnKind.TEXT),
            0,
            1);
    encoder.appendHeader();
    encoder.append(Row.of(1L, "x"));
    assertThatThrownBy(() -> encoder.append(Row.of(2L, "bad\0")))
        .hasMessageContaining("'b' holds the NUL character");
    encoder.append(Row.of(3L, "y".repeat(100)));
    encoder.appendTrailer();

    ByteBuffer b = ByteBuffer.wrap(encoder.bytes(), 0, encoder.size());
    byte[] signature = new byte[11];
    b.get(signature);
    assertThat(signature).isEqualTo("PGCOPY\n\u00ff\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(b.getInt()).isZero();
    assertThat(b.getInt()).isZero();
    List<String> rows = new ArrayList<>();
    for (short n = b.getShort(); n != -1; n = b.getShort()) {
      b.getInt();
      long a = b.getLong();
      byte[] text = new byte[b.getInt()];
      b.get(text);
      rows.add(a + ":" + new String(text, StandardCharsets.UTF_8));
    }
    assertThat(rows).containsExactly("1:x", "3:" + "y".repeat(100));
    assertThat(b.hasRemaining()).isFalse();
    encoder.clear();
    assertThat(encoder.size()).isZero();
  }
}
