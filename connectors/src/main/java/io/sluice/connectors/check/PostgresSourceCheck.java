package io.sluice.connectors.check;

import io.sluice.connectors.postgres.TableName;
import io.sluice.connectors.postgres.source.PgConnections;
import io.sluice.connectors.postgres.source.PgText;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a PostgreSQL source: the server answers, the table (or query) has the declared fields with
 * types that fit, and for change data capture that the server and user allow logical replication.
 * Its details list the columns as {@code name: type} entries ({@code columns}), ready to paste into
 * the node's fields.
 */
public final class PostgresSourceCheck {
  private PostgresSourceCheck() {}

  /** The incremental source: {@code from} is a table name or a SELECT. */
  public static ConnectionCheckResult incremental(
      String jdbcUrl,
      String user,
      String password,
      String table,
      String query,
      List<String> fields,
      Duration timeout) {
    Map<String, Object> details = new LinkedHashMap<>();
    try (Connection c = open(jdbcUrl, user, password, timeout)) {
      details.put("serverVersion", c.getMetaData().getDatabaseProductVersion());
      String from = table != null ? TableName.parse(table).sql() : "(" + query + ") AS sluice_q";
      String problem = columns(c, from, fields, details);
      return problem == null
          ? ConnectionCheckResult.ok(
              "Connected; " + (table != null ? table : "the query") + " has the fields.", details)
          : ConnectionCheckResult.failed(problem, details);
    } catch (SQLException | IllegalArgumentException e) {
      return ConnectionCheckResult.failed("Cannot use the database: " + e.getMessage(), details);
    }
  }

  /** The change source: the server's wal_level, the user's REPLICATION, the table's columns. */
  public static ConnectionCheckResult cdc(
      String jdbcUrl,
      String user,
      String password,
      String table,
      List<String> fields,
      Duration timeout) {
    Map<String, Object> details = new LinkedHashMap<>();
    try (Connection c = open(jdbcUrl, user, password, timeout)) {
      details.put("serverVersion", c.getMetaData().getDatabaseProductVersion());
      String walLevel;
      boolean replication;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT current_setting('wal_level'), rolreplication OR rolsuper"
                      + " FROM pg_roles WHERE rolname = current_user")) {
        rs.next();
        walLevel = rs.getString(1);
        replication = rs.getBoolean(2);
      }
      details.put("walLevel", walLevel);
      details.put("replication", replication);
      if (!walLevel.equals("logical")) {
        return ConnectionCheckResult.failed(
            "Connected, but the server runs with wal_level="
                + walLevel
                + "; change data capture needs wal_level=logical (set it and restart the"
                + " server).",
            details);
      }
      if (!replication) {
        return ConnectionCheckResult.failed(
            "Connected, but the user may not replicate: ALTER ROLE … WITH REPLICATION.", details);
      }
      String problem = columns(c, TableName.parse(table).sql(), fields, details);
      return problem == null
          ? ConnectionCheckResult.ok(
              "Connected; logical replication is allowed and " + table + " has the fields.",
              details)
          : ConnectionCheckResult.failed(problem, details);
    } catch (SQLException | IllegalArgumentException e) {
      return ConnectionCheckResult.failed("Cannot use the database: " + e.getMessage(), details);
    }
  }

  /** Null when every declared field is a column of a fitting type; else what is wrong. */
  private static String columns(
      Connection c, String from, List<String> declared, Map<String, Object> details)
      throws SQLException {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + from + " LIMIT 0");
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.put(meta.getColumnName(i), PgText.fieldTypeOf(meta.getColumnTypeName(i)));
      }
    }
    details.put(
        "columns",
        columns.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().wireName()).toList());
    List<String> wrong = new ArrayList<>();
    for (Field field : RecordSchema.parse(declared).schema().fields()) {
      FieldType column = columns.get(field.name());
      if (column == null) {
        wrong.add(field.name() + " is not a column");
      } else if (field.type() != FieldType.STRING && field.type() != column) {
        wrong.add(
            field.name()
                + " is a "
                + column.wireName()
                + " column, not "
                + field.type().wireName());
      }
    }
    return wrong.isEmpty()
        ? null
        : "Connected, but "
            + String.join("; ", wrong)
            + ". The columns are "
            + columns.keySet()
            + ".";
  }

  private static Connection open(String jdbcUrl, String user, String password, Duration timeout)
      throws SQLException {
    var props = PgConnections.properties(user, password);
    String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    return java.sql.DriverManager.getConnection(jdbcUrl, props);
  }
}
