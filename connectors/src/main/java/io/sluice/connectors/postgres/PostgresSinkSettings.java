package io.sluice.connectors.postgres;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the PostgreSQL sink writes.
 *
 * <pre>{@code
 * new PostgresSinkSettings(
 *     "jdbc:postgresql://db:5432/shop", "loader", secret, "sales.orders",
 *     Mode.UPSERT, List.of("order_id"), true, schema, "p-42.n-sink");
 * }</pre>
 *
 * @param table the target table, optionally schema-qualified ({@code sales.orders}); unquoted parts
 *     are folded to lower case as PostgreSQL does, double-quoted parts are kept as written
 * @param keyFields the key columns of {@link Mode#UPSERT}; ignored (and may be empty) for {@link
 *     Mode#APPEND}
 * @param createTable create the table from the schema if it does not exist
 * @param sinkId a stable id of this sink across restarts and versions of the pipeline, unique among
 *     running sinks writing to the same PostgreSQL server; it names the prepared transactions
 */
public record PostgresSinkSettings(
    String jdbcUrl,
    String user,
    String password,
    String table,
    Mode mode,
    List<String> keyFields,
    boolean createTable,
    RecordSchema schema,
    String sinkId)
    implements Serializable {

  /** How rows reach the table. */
  public enum Mode {
    /** Every record becomes a new row. */
    APPEND,
    /** A record replaces the row with the same key, or becomes a new row. */
    UPSERT
  }

  /** Prepared transaction ids are at most 200 bytes; this leaves room for the numbers. */
  private static final Pattern SINK_ID = Pattern.compile("[A-Za-z0-9_.:]([A-Za-z0-9_.:-]){0,149}");

  public PostgresSinkSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(schema, "schema");
    keyFields = List.copyOf(keyFields == null ? List.of() : keyFields);
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
    }
    TableName.parse(table); // throws with the reason
    if (sinkId == null || !SINK_ID.matcher(sinkId).matches()) {
      throw new IllegalArgumentException(
          "Sink id '"
              + sinkId
              + "' must be 1 to 150 characters of letters, digits, '_', '.', ':' and '-'.");
    }
    if (schema.fields().isEmpty()) {
      throw new IllegalArgumentException(
          "The schema of a PostgreSQL sink needs at least one field");
    }
    if (mode == Mode.UPSERT) {
      if (keyFields.isEmpty()) {
        throw new IllegalArgumentException("UPSERT needs at least one key field");
      }
      for (String key : keyFields) {
        if (schema.fields().stream().noneMatch(f -> f.name().equals(key))) {
          throw new IllegalArgumentException(
              "Key field '" + key + "' is not a field of the schema " + schema.names());
        }
      }
      if (keyFields.stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct().count()
          != keyFields.size()) {
        throw new IllegalArgumentException("Key fields repeat: " + keyFields);
      }
    }
  }

  /** The key columns that apply: those of UPSERT, none for APPEND. */
  public List<String> effectiveKeys() {
    return mode == Mode.UPSERT ? keyFields : List.of();
  }

  TableName tableName() {
    return TableName.parse(table);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PostgresSinkSettings[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", table="
        + table
        + ", mode="
        + mode
        + ", keyFields="
        + keyFields
        + ", createTable="
        + createTable
        + ", schema="
        + schema.fields()
        + ", sinkId="
        + sinkId
        + "]";
  }

  // RecordSchema and Field are not Serializable; Flink ships the sink to its tasks through this.
  @Serial
  private Object writeReplace() {
    List<String> names = new ArrayList<>();
    List<FieldType> types = new ArrayList<>();
    for (Field f : schema.fields()) {
      names.add(f.name());
      types.add(f.type());
    }
    return new SerialForm(
        jdbcUrl,
        user,
        password,
        table,
        mode,
        new ArrayList<>(keyFields),
        createTable,
        names,
        types,
        sinkId);
  }

  private record SerialForm(
      String jdbcUrl,
      String user,
      String password,
      String table,
      Mode mode,
      ArrayList<String> keyFields,
      boolean createTable,
      List<String> names,
      List<FieldType> types,
      String sinkId)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() {
      List<Field> fields = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        fields.add(new Field(names.get(i), types.get(i)));
      }
      return new PostgresSinkSettings(
          jdbcUrl,
          user,
          password,
          table,
          mode,
          keyFields,
          createTable,
          new RecordSchema(fields),
          sinkId);
    }
  }
}
