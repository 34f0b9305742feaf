package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.EXPECTED_ROWS;
import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of Sluice, kept under the worst crash there is: a pipeline from a file directory
 * through a filter and a derive into PostgreSQL delivers every record exactly once while Sluice is
 * SIGKILLed mid-stream, again and again, and restarted on the same data directory.
 *
 * <p>A writer thread drops {@value SigkillHarness#FILES} CSV files of {@value
 * SigkillHarness#LINES_PER_FILE} records each into the watched directory over time; every {@value
 * SigkillHarness#FILTERED_EVERY}th record has a negative amount and is filtered out. At random
 * moments while rows are arriving, the Sluice JVM is killed (no shutdown hook, no savepoint) and a
 * new one is started; it must resume the run from its last checkpoint by itself. In the end the
 * target table must hold exactly the expected rows, with the derived values right: none missing,
 * none twice. {@link SigkillHarness} has the parts this test shares with {@link
 * ExactlyOnceFileSinkUnderSigkillIT}.
 */
class ExactlyOnceUnderSigkillIT {
  @TempDir Path dataDir;
  @TempDir Path inbox;

  private SigkillHarness harness;
  private TestDatabase target;

  @BeforeEach
  void startTarget() {
    harness = new SigkillHarness(dataDir, inbox);
    target = TestPostgres.freshDatabase();
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      harness.close(getClass().getSimpleName());
    } finally {
      rollBackLeftoverPreparedTransactions();
      target.close();
    }
  }

  @Test
  void everyRecordArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    harness.start();
    CatalogSettings db = target.settings();
    String pipelineId =
        harness.createPipeline(
            "orders",
            "db",
            """
            {"id": "db", "type": "postgres",
             "config": {"jdbcUrl": %s, "user": %s, "password": %s, "table": "orders",
                        "createTable": true}}
            """
                .formatted(
                    quote(db.jdbcUrl()),
                    quote(db.user()),
                    quote(db.password() == null ? "" : db.password())));
    String runId = harness.startRun(pipelineId);

    SigkillHarness.InputWriter writer = harness.startWriter();
    try {
      harness.killAndRestartWhileArriving(
          runId, writer, () -> count("SELECT count(*) FROM orders"));
      writer.awaitDone();
      harness.awaitExactlyTheExpectedCount(
          () -> count("SELECT count(*) FROM orders"),
          () -> count("SELECT count(DISTINCT id) FROM orders"));

      assertThat(count("SELECT count(DISTINCT id) FROM orders"))
          .as(harness.diagnosis())
          .isEqualTo(EXPECTED_ROWS);
      assertEveryRowIsExpectedAndDerivedRight();
      harness.assertRunIsTheOnlyOneAndRunning(pipelineId, runId);
    } finally {
      writer.stop();
    }

    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    assertThat(count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"))
        .as("prepared transactions left in doubt after the stop\n%s", harness.diagnosis())
        .isZero();
  }

  /** Streams the whole table once: each id expected, seen once, with its derived values. */
  private void assertEveryRowIsExpectedAndDerivedRight() throws SQLException {
    SigkillHarness.Tally tally = harness.tally();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(20_000);
        try (ResultSet rs = s.executeQuery("SELECT id, amount, country, cents, cc FROM orders")) {
          while (rs.next()) {
            tally.add(
                rs.getLong(1), rs.getDouble(2), rs.getString(3), rs.getLong(4), rs.getString(5));
          }
        }
      }
    }
    tally.assertExactlyTheExpected();
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the sink has not created the table yet
      }
      throw e;
    }
  }

  private Connection connect() throws SQLException {
    CatalogSettings db = target.settings();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  /** Lets the target database be dropped even when a failed run left a transaction prepared. */
  private void rollBackLeftoverPreparedTransactions() throws SQLException {
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
    }
  }
}
