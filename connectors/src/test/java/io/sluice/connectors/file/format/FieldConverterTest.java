package io.sluice.connectors.file.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldConverterTest {

  @Test
  void plainDecimalsReadDirectlyEqualWhatTheJdkReads() {
    Random random = new Random(11);
    String alphabet = "0123456789.-";
    for (int i = 0; i < 300_000; i++) {
      StringBuilder text = new StringBuilder();
      if (i % 3 == 0) {
        // numbers as a CSV holds them: 1 to 17 digits, maybe a point, maybe a minus
        if (random.nextBoolean()) {
          text.append('-');
        }
        int digits = 1 + random.nextInt(17);
        int point = random.nextInt(digits + 2);
        for (int d = 0; d < digits; d++) {
          if (d == point) {
            text.append('.');
          }
          text.append((char) ('0' + random.nextInt(10)));
        }
      } else {
        int length = random.nextInt(8);
        for (int c = 0; c < length; c++) {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String value = text.toString();
      Double expected;
      try {
        expected = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        expected = null;
      }
      if (expected == null) {
        assertThatThrownBy(() -> FieldConverter.parseDouble(value))
            .as(value)
            .isInstanceOf(NumberFormatException.class);
      } else {
        assertThat(Double.doubleToRawLongBits(FieldConverter.parseDouble(value)))
            .as(value)
            .isEqualTo(Double.doubleToRawLongBits(expected));
      }
    }
  }

  @Test
  void whatThePlainReadingLeavesOutStillParses() {
    assertThat(FieldConverter.parseDouble("1e3")).isEqualTo(1000.0);
    assertThat(FieldConverter.parseDouble("+2.5")).isEqualTo(2.5);
    assertThat(FieldConverter.parseDouble("-0")).isEqualTo(-0.0);
    assertThat(FieldConverter.parseDouble("NaN")).isNaN();
    assertThat(FieldConverter.parseDouble("0.1")).isEqualTo(0.1);
  }
}
