package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A fresh database of the test JVM's PostgreSQL, which survives the Sluice processes the fault
 * tests kill: the target of their {@code postgres} sinks (and the source of the PostgreSQL
 * sources), with what those tests ask of it.
 *
 * <pre>{@code
 * PostgresTarget target = PostgresTarget.fresh();
 * harness.createPipeline("orders", source, target.sinkNode("db", "orders"));
 * harness.deliverUnderSigkills(() -> target.count("orders"), () -> target.distinctIds("orders"));
 * target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");
 * }</pre>
 */
final class PostgresTarget implements AutoCloseable {
  private final TestDatabase database;
  private final List<Connection> writers = new CopyOnWriteArrayList<>();

  private PostgresTarget(TestDatabase database) {
    this.database = database;
  }

  static PostgresTarget fresh() {
    return new PostgresTarget(TestPostgres.freshDatabase());
  }

  /** The connection fields of a PostgreSQL node's config: {@code "jdbcUrl": …, "user": …, …}. */
  String connectionFields() {
    CatalogSettings db = database.settings();
    return "\"jdbcUrl\": %s, \"user\": %s, \"password\": %s"
        .formatted(
            quote(db.jdbcUrl()),
            quote(db.user()),
            quote(db.password() == null ? "" : db.password()));
  }

  /** A {@code postgres} sink node writing to {@code table}, which it creates. */
  String sinkNode(String id, String table) {
    return """
        {"id": %s, "type": "postgres",
         "config": {%s, "table": %s, "createTable": true}}
        """
        .formatted(quote(id), connectionFields(), quote(table));
  }

  CatalogSettings settings() {
    return database.settings();
  }

  Connection connect() throws SQLException {
    CatalogSettings db = database.settings();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * A harness output that COPYs each batch into the columns id, amount and country of {@code
   * table}, in one transaction a batch, over a connection of its own that {@link #close} closes.
   */
  SigkillHarness.Output copyInto(String table) throws SQLException {
    Connection writer = connect();
    writers.add(writer);
    CopyManager copy = writer.unwrap(PGConnection.class).getCopyAPI();
    String sql = "COPY " + table + " (id, amount, country) FROM STDIN WITH (FORMAT csv)";
    return (batch, records) ->
        copy.copyIn(sql, new StringReader(String.join("\n", records) + "\n"));
  }

  /** The rows of {@code table}; 0 while the sink has not created it yet. */
  long count(String table) throws SQLException {
    return number("SELECT count(*) FROM " + table);
  }

  /** The distinct ids in {@code table}; 0 while the sink has not created it yet. */
  long distinctIds(String table) throws SQLException {
    return number("SELECT count(DISTINCT id) FROM " + table);
  }

  /** The one number {@code sql} selects; 0 when it names a table that does not exist yet. */
  long number(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0;
      }
      throw e;
    }
  }

  /** Streams the whole table once: each id expected, seen once, with its derived values. */
  void assertEveryRowIsExpectedAndDerivedRight(SigkillHarness harness, String table)
      throws SQLException {
    SigkillHarness.Tally tally = harness.tally();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(20_000);
        try (ResultSet rs = s.executeQuery("SELECT id, amount, country, cents, cc FROM " + table)) {
          while (rs.next()) {
            tally.add(
                rs.getLong(1), rs.getDouble(2), rs.getString(3), rs.getLong(4), rs.getString(5));
          }
        }
      }
    }
    tally.assertExactlyTheExpected();
  }

  /** The transactions the sink prepared and that were neither committed nor rolled back. */
  long preparedTransactions() throws SQLException {
    return number("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()");
  }

  /**
   * Rolls back what a failed run left prepared (a database with prepared transactions cannot be
   * dropped) and drops the database.
   */
  @Override
  public void close() throws SQLException {
    for (Connection writer : writers) {
      writer.close();
    }
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK PREPARED '" + rs.getString(1).replace("'", "''") + "'");
        }
      }
    } finally {
      database.close();
    }
  }
}
