package io.sluice.connectors.file.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FileSplitSerializerTest {
  @Test
  void aSplitSurvivesARoundTrip() throws IOException {
    FileSplit split = new FileSplit("/data/in/größe 1.csv", 1_700_000_000_123L, 123_456, 789);
    FileSplitSerializer serializer = FileSplitSerializer.INSTANCE;

    byte[] bytes = serializer.serialize(split);

    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
  }
}
