package io.sluice.connectors.check;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Checks that a PostgreSQL sink's server answers, allows the prepared transactions of exactly once,
 * and has the table (or may create it). Column types are checked when the pipeline starts, against
 * the fields that reach the sink.
 */
public final class PostgresConnectionCheck {
  private PostgresConnectionCheck() {}

  public static ConnectionCheckResult check(
      String jdbcUrl,
      String user,
      String password,
      String table,
      boolean createTable,
      Duration timeout) {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    Map<String, Object> details = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
      details.put("serverVersion", c.getMetaData().getDatabaseProductVersion());
      int prepared = intSetting(c, "max_prepared_transactions");
      details.put("maxPreparedTransactions", prepared);
      boolean exists;
      try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          exists = rs.getBoolean(1);
        }
      }
      details.put("tableExists", exists);
      if (prepared == 0) {
        return ConnectionCheckResult.failed(
            "Connected, but the server does not allow prepared transactions, which exactly-once"
                + " delivery needs: set max_prepared_transactions to 64 (or more) and restart it.",
            details);
      }
      if (!exists && !createTable) {
        return ConnectionCheckResult.failed(
            "Connected, but table "
                + table
                + " does not exist; create it or turn on 'Create the"
                + " table if missing'.",
            details);
      }
      return ConnectionCheckResult.ok(
          exists
              ? "Connected; table " + table + " exists."
              : "Connected; table " + table + " will be created when the pipeline starts.",
          details);
    } catch (SQLException e) {
      return ConnectionCheckResult.failed("Cannot use the database: " + e.getMessage(), details);
    }
  }

  private static int intSetting(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)::int")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
