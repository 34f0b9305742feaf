package io.sluice.connectors.postgres.incremental;

import io.sluice.connectors.postgres.TableName;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link PostgresIncrementalSource} reads: a table or a query, the fields (columns) of each
 * row, and the offset columns that order the rows.
 *
 * <pre>{@code
 * new IncrementalSettings("jdbc:postgresql://db/shop", "reader", "secret", "orders", null,
 *     List.of("id: long", "updated_at: timestamp"), List.of("updated_at", "id"),
 *     Duration.ofSeconds(5), 1000, Duration.ofSeconds(30));
 * }</pre>
 *
 * @param table a table name, or null when {@code query} is given
 * @param query a SELECT, or null when {@code table} is given
 * @param fields the columns as {@code name: type} entries (the model's types are not Serializable)
 * @param offsetColumns fields whose values only grow, most significant first
 * @param lagSafety only rows whose first offset column is at most {@code now() - lagSafety}; zero
 *     for none
 */
public record IncrementalSettings(
    String jdbcUrl,
    String user,
    String password,
    String table,
    String query,
    List<String> fields,
    List<String> offsetColumns,
    Duration pollInterval,
    int batchSize,
    Duration lagSafety)
    implements Serializable {

  public IncrementalSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if ((table == null) == (query == null)) {
      throw new IllegalArgumentException("Give a table or a query");
    }
    fields = new ArrayList<>(fields);
    offsetColumns = new ArrayList<>(offsetColumns);
    RecordSchema schema = RecordSchema.parse(fields).schema();
    if (offsetColumns.isEmpty()) {
      throw new IllegalArgumentException("At least one offset column");
    }
    for (String column : offsetColumns) {
      if (schema.field(column).isEmpty()) {
        throw new IllegalArgumentException("Offset column " + column + " is not a field");
      }
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lagSafety, "lagSafety");
  }

  public RecordSchema schema() {
    return RecordSchema.parse(fields).schema();
  }

  /** What the rows are selected from: the quoted table, or the query as a sub-select. */
  String from() {
    return table != null ? TableName.parse(table).sql() : "(" + query + ") AS sluice_source";
  }

  /**
   * The query of one poll: the rows after the offset (when {@code withOffset}), in offset order, at
   * most a batch. Parameters: the offset values (as text, typed by the server after their columns),
   * then the lag safety as an interval, then the limit.
   */
  public String pollSql(boolean withOffset) {
    List<String> offsets = offsetColumns.stream().map(c -> quote(schema(), c)).toList();
    StringBuilder sql = new StringBuilder("SELECT ");
    sql.append(String.join(", ", schema().fields().stream().map(f -> quote(f)).toList()));
    sql.append(" FROM ").append(from()).append(" WHERE ");
    sql.append(String.join(" AND ", offsets.stream().map(o -> o + " IS NOT NULL").toList()));
    if (withOffset) {
      sql.append(" AND (").append(String.join(", ", offsets)).append(") > (");
      sql.append(String.join(", ", offsets.stream().map(o -> "?").toList())).append(")");
    }
    if (!lagSafety.isZero()) {
      sql.append(" AND ").append(offsets.get(0)).append(" <= now() - CAST(? AS interval)");
    }
    sql.append(" ORDER BY ").append(String.join(", ", offsets)).append(" LIMIT ?");
    return sql.toString();
  }

  /** The position of each offset column among the fields. */
  int[] offsetIndexes() {
    List<String> names = schema().names();
    return offsetColumns.stream()
        .mapToInt(c -> indexOfIgnoreCase(names, schema().field(c).orElseThrow().name()))
        .toArray();
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String quote(RecordSchema schema, String column) {
    return quote(schema.field(column).orElseThrow());
  }

  private static String quote(Field field) {
    return TableName.quote(field.name());
  }

  @Override
  public String toString() {
    return "IncrementalSettings[" + (table != null ? table : "query") + ", " + fields + "]";
  }
}
