package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  @Test
  void argumentsOverrideTheEnvironmentWhichOverridesDefaults() {
    BenchmarkOptions o =
        BenchmarkOptions.parse(
            new String[] {"--rows=500_000", "--parallelism=2"},
            Map.of("BENCH_ROWS", "10", "BENCH_FILES", "20", "BENCH_CHECKPOINT_INTERVAL", "1s"));

    assertThat(o.rows()).isEqualTo(500_000);
    assertThat(o.files()).isEqualTo(20);
    assertThat(o.parallelism()).isEqualTo(List.of(2));
    assertThat(o.checkpointInterval()).isEqualTo("1s");
    assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void defaultsToTwoMillionRowsInFortyFilesAtParallelismOneAndTwo() {
    BenchmarkOptions o = BenchmarkOptions.parse(new String[0], Map.of());

    assertThat(o.rows()).isEqualTo(2_000_000);
    assertThat(o.files()).isEqualTo(40);
    assertThat(o.parallelism()).isEqualTo(List.of(1, 2));
  }

  @Test
  void refusesUnknownArgumentsAndImpossibleSizes() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--row=5"}, Map.of()))
        .hasMessageContaining("unknown argument '--row=5'");
    assertThatThrownBy(
            () -> BenchmarkOptions.parse(new String[] {"--rows=5", "--files=6"}, Map.of()))
        .hasMessageContaining("--files");
  }
}
