package io.sluice.connectors.generator.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class GeneratorSplitSerializerTest {

  private final GeneratorSplitSerializer serializer = GeneratorSplitSerializer.INSTANCE;

  @Test
  void aSplitSurvivesARoundTrip() throws IOException {
    GeneratorSplit split = new GeneratorSplit(2, 3, 1_000_000_001L, 5_000_000_000L);

    byte[] bytes = serializer.serialize(split);

    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
  }

  @Test
  void anUnboundedSplitSurvivesARoundTrip() throws IOException {
    GeneratorSplit split = GeneratorSplit.initial(0, 1, Long.MAX_VALUE);

    byte[] bytes = serializer.serialize(split);

    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
  }

  @Test
  void anUnknownVersionIsRefused() throws IOException {
    byte[] bytes = serializer.serialize(GeneratorSplit.initial(0, 1, 10));

    assertThatThrownBy(() -> serializer.deserialize(99, bytes)).isInstanceOf(IOException.class);
  }

  @Test
  void aSplitRefusesAnIdThatIsNotItsOwn() {
    assertThatThrownBy(() -> new GeneratorSplit(1, 3, 3, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSplitIsFinishedOncePastItsEnd() {
    GeneratorSplit split = GeneratorSplit.initial(1, 2, 4);

    assertThat(split.isFinished()).isFalse();
    assertThat(split.advancedTo(3).isFinished()).isFalse();
    assertThat(split.advancedTo(5).isFinished()).isTrue();
  }
}
