package io.sluice.executor.compile.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

/** The parts of a dead letter a person reads: the reason and the record. */
class ExpressionGuardTest {

  @Test
  void aReasonIsTheDeepestMessageWithoutJavaClassNames() {
    var wrapped =
        new RuntimeException(
            "java.lang.NumberFormatException: For input string: 'abc'",
            new NumberFormatException("For input string: 'abc'. Invalid character found."));

    assertThat(ExpressionGuard.message(wrapped))
        .isEqualTo("For input string: 'abc'. Invalid character found.");
    assertThat(ExpressionGuard.message(new ArithmeticException("/ by zero")))
        .isEqualTo("/ by zero");
    assertThat(
            ExpressionGuard.message(
                new IllegalStateException("org.example.UdfException: bad input\n\tat x.y(Z.java)")))
        .isEqualTo("bad input");
  }

  @Test
  void rendersARecordAsAJsonObjectOfItsFields() {
    RowType type =
        RowType.of(
            new org.apache.flink.table.types.logical.LogicalType[] {
              new BigIntType(),
              new VarCharType(VarCharType.MAX_LENGTH),
              new DecimalType(10, 2),
              new DateType(),
              new TimestampType(3),
              new VarCharType(VarCharType.MAX_LENGTH)
            },
            new String[] {"id", "code", "total", "day", "ts", "note"});
    RecordJson json = RecordJson.of(InternalTypeInfo.of(type));

    String rendered =
        json.render(
            GenericRowData.of(
                7L,
                StringData.fromString("a\"b"),
                DecimalData.fromBigDecimal(new BigDecimal("12.50"), 10, 2),
                (int) LocalDate.of(2026, 11, 24).toEpochDay(),
                TimestampData.fromLocalDateTime(LocalDateTime.of(2026, 11, 24, 5, 0, 1)),
                null));

    assertThat(rendered)
        .isEqualTo(
            "{\"id\":7,\"code\":\"a\\\"b\",\"total\":12.50,\"day\":\"2026-11-24\","
                + "\"ts\":\"2026-11-24T05:00:01\",\"note\":null}");
  }
}
