package io.sluice.connectors.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3SerializersTest {
  @Test
  void aCommittableSurvivesARoundTrip() throws IOException {
    S3CommittableSerializer serializer = new S3CommittableSerializer();
    S3Committable committable =
        new S3Committable("out/part-0-3-1a2b3c4d-0.csv", "upload-ü-1", List.of("\"e1\"", "\"e2\""));

    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(committable)))
        .isEqualTo(committable);
  }

  @Test
  void aWriterStateSurvivesARoundTrip() throws IOException {
    S3WriterState.Serializer serializer = new S3WriterState.Serializer();
    S3WriterState state = new S3WriterState(3, 42);

    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
        .isEqualTo(state);
  }

  @Test
  void anUnknownVersionIsRefused() {
    assertThatThrownBy(() -> new S3CommittableSerializer().deserialize(9, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 9");
  }
}
