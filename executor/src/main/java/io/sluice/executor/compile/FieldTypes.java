package io.sluice.executor.compile;

import io.sluice.model.schema.FieldType;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

/** Sluice field types and Flink's SQL types, both ways. */
final class FieldTypes {
  private FieldTypes() {}

  /** The canonical Flink type of a Sluice field type. */
  static DataType dataType(FieldType type) {
    return switch (type) {
      case STRING -> DataTypes.STRING();
      case LONG -> DataTypes.BIGINT();
      case DOUBLE -> DataTypes.DOUBLE();
      case DECIMAL -> DataTypes.DECIMAL(38, 10);
      case BOOLEAN -> DataTypes.BOOLEAN();
      case DATE -> DataTypes.DATE();
      case TIMESTAMP -> DataTypes.TIMESTAMP(3);
    };
  }

  /**
   * The Sluice type a SQL result type belongs to: the integer types are longs, float is double, any
   * decimal a decimal, any timestamp without zone a timestamp. Empty for types Sluice does not
   * carry (arrays, maps, zoned timestamps, binary).
   */
  static Optional<FieldType> fieldType(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case CHAR, VARCHAR -> Optional.of(FieldType.STRING);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> Optional.of(FieldType.LONG);
      case FLOAT, DOUBLE -> Optional.of(FieldType.DOUBLE);
      case DECIMAL -> Optional.of(FieldType.DECIMAL);
      case BOOLEAN -> Optional.of(FieldType.BOOLEAN);
      case DATE -> Optional.of(FieldType.DATE);
      case TIMESTAMP_WITHOUT_TIME_ZONE -> Optional.of(FieldType.TIMESTAMP);
      default -> Optional.empty();
    };
  }
}
