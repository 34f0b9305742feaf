package io.sluice.connectors.postgres;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.model.schema.RecordSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/** A fresh database on the test PostgreSQL, with the few queries the sink's tests need. */
final class TestTarget implements AutoCloseable {

  private final TestDatabase database = TestPostgres.freshDatabase();

  CatalogSettings db() {
    return database.settings();
  }

  PostgresSinkSettings settings(
      String table,
      PostgresSinkSettings.Mode mode,
      List<String> keys,
      boolean create,
      RecordSchema schema,
      String sinkId) {
    return new PostgresSinkSettings(
        db().jdbcUrl(), db().user(), db().password(), table, mode, keys, create, schema, sinkId);
  }

  Connection connect() throws SQLException {
    Properties props = new Properties();
    if (db().user() != null) {
      props.setProperty("user", db().user());
    }
    if (db().password() != null) {
      props.setProperty("password", db().password());
    }
    return DriverManager.getConnection(db().jdbcUrl(), props);
  }

  void execute(String... sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  <T> List<T> query(String sql, Function<ResultSet, T> row) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.apply(rs));
      }
      return rows;
    }
  }

  long count(String sql) throws SQLException {
    return query(sql, rs -> get(() -> rs.getLong(1))).get(0);
  }

  List<String> preparedGids() throws SQLException {
    return query(
        "SELECT gid FROM pg_prepared_xacts WHERE database = current_database() ORDER BY gid",
        rs -> get(() -> rs.getString(1)));
  }

  interface SqlSupplier<T> {
    T get() throws SQLException;
  }

  static <T> T get(SqlSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prepared transactions keep a database from being dropped. */
  @Override
  public void close() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String gid : preparedGids()) {
        s.execute("ROLLBACK PREPARED '" + gid + "'");
      }
    } finally {
      database.close();
    }
  }
}
