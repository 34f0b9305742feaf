package io.sluice.connectors.generator.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.generator.split.GeneratorSplit;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorEnumeratorStateSerializerTest {

  private final GeneratorEnumeratorStateSerializer serializer =
      GeneratorEnumeratorStateSerializer.INSTANCE;

  @Test
  void stateWithSplitsSurvivesARoundTrip() throws IOException {
    GeneratorEnumeratorState state =
        new GeneratorEnumeratorState(
            List.of(
                GeneratorSplit.initial(0, 3, 100),
                new GeneratorSplit(1, 3, 31, 100),
                GeneratorSplit.initial(2, 3, Long.MAX_VALUE)));

    byte[] bytes = serializer.serialize(state);

    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(state);
  }

  @Test
  void emptyStateSurvivesARoundTrip() throws IOException {
    GeneratorEnumeratorState state = new GeneratorEnumeratorState(List.of());

    byte[] bytes = serializer.serialize(state);

    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(state);
  }
}
