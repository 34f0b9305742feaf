package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSerializersTest {

  @Test
  void aCommittableSurvivesItsSerializer() throws Exception {
    PostgresCommittableSerializer serializer = new PostgresCommittableSerializer();
    PostgresCommittable committable = new PostgresCommittable("p-1.n-2-3-41", 9_876_543_210L);
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(committable)))
        .isEqualTo(committable);
  }

  @Test
  void settingsSurviveJavaSerializationAndHideThePassword() throws Exception {
    PostgresSinkSettings settings =
        new PostgresSinkSettings(
            "jdbc:postgresql://h/db",
            "u",
            "s3cret",
            "a.b",
            PostgresSinkSettings.Mode.UPSERT,
            List.of("id"),
            true,
            new RecordSchema(
                List.of(new Field("id", FieldType.LONG), new Field("v", FieldType.DECIMAL))),
            "p-1.n-2");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new PostgresSink(settings));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(((PostgresSink) in.readObject()).settings()).isEqualTo(settings);
    }
    assertThat(settings.toString()).doesNotContain("s3cret");
  }
}
