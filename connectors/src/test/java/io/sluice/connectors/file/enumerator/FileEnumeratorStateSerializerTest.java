package io.sluice.connectors.file.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.file.split.FileSplit;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileEnumeratorStateSerializerTest {
  private final FileEnumeratorStateSerializer serializer = FileEnumeratorStateSerializer.INSTANCE;

  @Test
  void aStateSurvivesARoundTrip() throws IOException {
    FileEnumeratorState state =
        new FileEnumeratorState(
            1_000L,
            List.of(new TrackedFile("/in/a.csv", 1_000L), new TrackedFile("/in/b.csv", 2_000L)),
            List.of(new FileSplit("/in/c.csv", 3_000L, 0, 1)));

    FileEnumeratorState copy =
        serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

    assertThat(copy).isEqualTo(state);
  }

  @Test
  void theInitialStateSurvivesARoundTrip() throws IOException {
    FileEnumeratorState state = FileEnumeratorState.initial();

    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
        .isEqualTo(state);
  }
}
