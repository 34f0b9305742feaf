package io.sluice.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSchemaTest {

  @Test
  void parsesNameColonTypeEntriesInOrder() {
    RecordSchema.Parsed parsed =
        RecordSchema.parse(List.of("order_id: long", "amount:DECIMAL", " placed_at : timestamp "));

    assertThat(parsed.ok()).isTrue();
    assertThat(parsed.schema().fields())
        .containsExactly(
            new Field("order_id", FieldType.LONG),
            new Field("amount", FieldType.DECIMAL),
            new Field("placed_at", FieldType.TIMESTAMP));
  }

  @Test
  void reportsEveryBadEntryWithItsIndex() {
    RecordSchema.Parsed parsed =
        RecordSchema.parse(
            List.of("id: long", "amount", "2x: long", "when: instant", "ID: string"));

    assertThat(parsed.ok()).isFalse();
    assertThat(parsed.schema()).isNull();
    assertThat(parsed.problems())
        .extracting(RecordSchema.EntryProblem::index)
        .containsExactly(1, 2, 3, 4);
    assertThat(parsed.problems().get(2).message()).contains("instant", "string, long, double");
    assertThat(parsed.problems().get(3).message()).contains("declared twice");
  }

  @Test
  void findsFieldsIgnoringCaseAndRefusesDuplicates() {
    RecordSchema schema = new RecordSchema(List.of(new Field("Amount", FieldType.DOUBLE)));
    assertThat(schema.field("amount")).contains(new Field("Amount", FieldType.DOUBLE));

    assertThatThrownBy(
            () ->
                new RecordSchema(
                    List.of(new Field("a", FieldType.LONG), new Field("A", FieldType.STRING))))
        .hasMessageContaining("appears twice");
  }
}
