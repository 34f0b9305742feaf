package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class CopyEncoderTest {

  private static String line(FieldType type, Object value) {
    CopyEncoder encoder = new CopyEncoder(new RecordSchema(List.of(new Field("v", type))));
    return new String(encoder.encode(Row.of(value)), StandardCharsets.UTF_8);
  }

  @Test
  void escapesBackslashTabNewlineAndCarriageReturnAndKeepsTheRest() {
    assertThat(line(FieldType.STRING, "a\tb\nc\rd\\e \"q\" 'x' é 😀 \\N"))
        .isEqualTo("a\\tb\\nc\\rd\\\\e \"q\" 'x' é 😀 \\\\N\n");
  }

  @Test
  void writesNullAsBackslashNAndSeparatesColumnsWithTabs() {
    CopyEncoder encoder =
        new CopyEncoder(
            new RecordSchema(
                List.of(
                    new Field("a", FieldType.LONG),
                    new Field("b", FieldType.STRING),
                    new Field("c", FieldType.BOOLEAN))));
    assertThat(new String(encoder.encode(Row.of(1L, null, true)), StandardCharsets.UTF_8))
        .isEqualTo("1\t\\N\tt\n");
    assertThat(
            new String(encoder.encode(Row.of(1L, "", false), "gid", "7"), StandardCharsets.UTF_8))
        .isEqualTo("1\t\tf\tgid\t7\n");
  }

  @Test
  void writesNumbersDatesAndTimestampsInPostgresTextForm() {
    assertThat(line(FieldType.DECIMAL, new BigDecimal("1E+30")))
        .isEqualTo("1000000000000000000000000000000\n");
    assertThat(line(FieldType.DOUBLE, Double.NaN)).isEqualTo("NaN\n");
    assertThat(line(FieldType.DOUBLE, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity\n");
    assertThat(line(FieldType.DATE, LocalDate.of(12345, 1, 2))).isEqualTo("12345-01-02\n");
    assertThat(line(FieldType.DATE, LocalDate.of(0, 3, 4))).isEqualTo("0001-03-04 BC\n");
    assertThat(line(FieldType.TIMESTAMP, LocalDateTime.of(2026, 1, 2, 3, 4, 5, 123_000_000)))
        .isEqualTo("2026-01-02 03:04:05.123000000\n");
    assertThat(line(FieldType.TIMESTAMP, LocalDateTime.of(7, 1, 2, 0, 0)))
        .isEqualTo("0007-01-02 00:00:00\n");
  }

  @Test
  void refusesTheNulCharacterAndValuesOfTheWrongJavaType() {
    assertThatThrownBy(() -> line(FieldType.STRING, "a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> line(FieldType.LONG, "12"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'v' is declared long but holds a java.lang.String");
  }

  @Test
  void writesLongsOfEverySizeAndSignAsDecimalDigits() {
    for (long v :
        new long[] {
          0, 7, -7, 10, -10, 999, 1000, Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE
        }) {
      assertThat(line(FieldType.LONG, v)).isEqualTo(v + "\n");
    }
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
      String value = text.toString();
      assertThat(
              new CopyEncoder(new RecordSchema(List.of(new Field("v", FieldType.STRING))))
                  .encode(Row.of(value)))
          .isEqualTo((value + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void appendsLinesUntilClearedAndDropsTheLineOfARowItCannotEncode() {
    CopyEncoder encoder =
        new CopyEncoder(
            new RecordSchema(
                List.of(new Field("a", FieldType.LONG), new Field("b", FieldType.STRING))),
            1);
    encoder.append(Row.of(1L, "x"));
    assertThatThrownBy(() -> encoder.append(Row.of(2L, "bad\0")))
        .hasMessageContaining("'b' holds the NUL character");
    encoder.append(Row.of(3L, "y".repeat(100)));

    assertThat(new String(encoder.bytes(), 0, encoder.size(), StandardCharsets.UTF_8))
        .isEqualTo("1\tx\n3\t" + "y".repeat(100) + "\n");
    encoder.clear();
    assertThat(encoder.size()).isZero();
  }
}
