package io.sluice.model.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "1d, PT24H",
    "0s, PT0S",
    "PT30S, PT30S",
    "PT1M30S, PT1M30S"
  })
  void parsesShortFormsAndIso8601(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "30",
        "s",
        "30 s",
        " 30s",
        "1.5m",
        "-5s",
        "5M",
        "5min",
        "P",
        "PT",
        "99999999999999999999d"
      })
  void rejectsTextThatIsNotADuration(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.5S, 500ms",
    "PT30S, 30s",
    "PT90S, 90s",
    "PT5M, 5m",
    "PT2H, 2h",
    "PT48H, 2d",
    "PT25H, 25h",
    "PT0S, 0s",
    "PT1.0000001S, PT1.0000001S"
  })
  void formatsWithTheLargestExactUnit(String iso, String expected) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.001S", "PT1M1S", "PT1H", "P3D", "PT1.0000001S", "PT-5S"})
  void readsBackWhatItWrites(String iso) {
    Duration duration = Duration.parse(iso);
    assertThat(Durations.parse(Durations.format(duration))).contains(duration);
  }
}
