package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableNameTest {

  @Test
  void foldsUnquotedPartsAndKeepsQuotedOnes() {
    assertThat(TableName.parse("Orders")).isEqualTo(new TableName(null, "orders"));
    assertThat(TableName.parse("Sales.Orders")).isEqualTo(new TableName("sales", "orders"));
    assertThat(TableName.parse("\"Sales\".\"Order \"\"Lines\"\"\""))
        .isEqualTo(new TableName("Sales", "Order \"Lines\""));
    assertThat(TableName.parse("\"A.b\"").sql()).isEqualTo("\"A.b\"");
  }

  @Test
  void refusesNamesPostgresWouldNotRead() {
    assertThatThrownBy(() -> TableName.parse("a.b.c")).hasMessageContaining("schema.table");
    assertThatThrownBy(() -> TableName.parse("my table")).hasMessageContaining("double quotes");
    assertThatThrownBy(() -> TableName.parse("\"open")).hasMessageContaining("Unclosed");
  }

  @Test
  void keepsStagingNamesWithinSixtyThreeBytes() {
    TableName longName = new TableName("s", "x".repeat(63));
    assertThat(longName.sibling(PostgresTables.STAGE_SUFFIX).name()).hasSizeLessThanOrEqualTo(63);
  }
}
