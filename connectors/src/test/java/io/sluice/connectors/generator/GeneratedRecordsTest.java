package io.sluice.connectors.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class GeneratedRecordsTest {

  @Test
  void theSameSeedAndIdGiveTheSameRecord() {
    assertThat(GeneratedRecords.record(7, 12_345)).isEqualTo(GeneratedRecords.record(7, 12_345));
  }

  @Test
  void aRecordCarriesItsIdAndTypedFields() {
    Row row = GeneratedRecords.record(7, 42);

    assertThat(row.getArity()).isEqualTo(GeneratedRecords.FIELD_NAMES.size());
    assertThat(row.getField(0)).isEqualTo(42L);
    assertThat(row.getField(1)).isInstanceOf(String.class);
    assertThat(row.getField(2)).isInstanceOf(Double.class);
    assertThat(row.getField(3)).isInstanceOf(LocalDateTime.class);
  }

  @Test
  void anotherSeedGivesOtherValues() {
    Set<String> differing = new HashSet<>();
    LongStream.range(0, 100)
        .filter(id -> !GeneratedRecords.record(7, id).equals(GeneratedRecords.record(8, id)))
        .forEach(id -> differing.add(Long.toString(id)));

    assertThat(differing).hasSizeGreaterThan(90);
  }

  @Test
  void valuesVaryBetweenIds() {
    Set<Object> names = new HashSet<>();
    Set<Object> amounts = new HashSet<>();
    for (long id = 0; id < 100; id++) {
      Row row = GeneratedRecords.record(7, id);
      names.add(row.getField(1));
      amounts.add(row.getField(2));
    }

    assertThat(names).hasSizeGreaterThan(50);
    assertThat(amounts).hasSizeGreaterThan(90);
  }

  @Test
  void generatesDeclaredFieldsOfEveryTypeTheSameWayEveryTime() {
    var fields =
        io.sluice.model.schema.RecordSchema.parse(
                java.util.List.of(
                    "id: long",
                    "customer: string",
                    "total: decimal",
                    "paid: boolean",
                    "day: date",
                    "at: timestamp",
                    "score: double",
                    "units: long"))
            .schema()
            .fields();

    org.apache.flink.types.Row row = GeneratedRecords.record(7, 42, fields);

    assertThat(row).isEqualTo(GeneratedRecords.record(7, 42, fields));
    assertThat(row).isNotEqualTo(GeneratedRecords.record(8, 42, fields));
    assertThat(row.getArity()).isEqualTo(8);
    assertThat(row.getField(0)).isEqualTo(42L);
    assertThat(row.getField(1)).isInstanceOf(String.class);
    assertThat(row.getField(2)).isInstanceOf(java.math.BigDecimal.class);
    assertThat(((java.math.BigDecimal) row.getField(2)).scale()).isEqualTo(2);
    assertThat(row.getField(3)).isInstanceOf(Boolean.class);
    assertThat(row.getField(4)).isInstanceOf(java.time.LocalDate.class);
    assertThat(row.getField(5)).isInstanceOf(java.time.LocalDateTime.class);
    assertThat(row.getField(6)).isInstanceOf(Double.class);
    assertThat((Long) row.getField(7)).isBetween(0L, 999_999L);
  }
}
