package io.sluice.model.schema;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of a field in a record flowing between nodes. The set is small on purpose: these are the
 * types a source can declare and every sink maps, each with one obvious SQL counterpart.
 */
public enum FieldType {
  STRING("string", "VARCHAR"),
  LONG("long", "BIGINT"),
  DOUBLE("double", "DOUBLE"),
  /** Exact decimal, {@code DECIMAL(38, 10)} unless a later version lets a node choose. */
  DECIMAL("decimal", "DECIMAL(38, 10)"),
  BOOLEAN("boolean", "BOOLEAN"),
  DATE("date", "DATE"),
  /** A point in time without zone, read from ISO-8601 ({@code 2026-11-24T05:00:00}). */
  TIMESTAMP("timestamp", "TIMESTAMP(3)");

  private final String wireName;
  private final String sqlType;

  FieldType(String wireName, String sqlType) {
    this.wireName = wireName;
    this.sqlType = sqlType;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The Flink SQL type this field has inside a job. */
  public String sqlType() {
    return sqlType;
  }

  public static Optional<FieldType> fromWireName(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.wireName.equals(lower)).findFirst();
  }

  public static String wireNames() {
    return String.join(", ", Arrays.stream(values()).map(FieldType::wireName).toList());
  }
}
