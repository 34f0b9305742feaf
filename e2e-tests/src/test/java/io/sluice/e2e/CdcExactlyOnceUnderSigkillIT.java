package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Exactly once from PostgreSQL's log: a pipeline reading the inserts into a table through logical
 * replication ({@code postgres-cdc}), through a filter and a derive into another PostgreSQL table,
 * delivers every row once while Sluice is SIGKILLed mid-stream and restarted, because the log
 * position lives in the checkpoints and the slot is confirmed only when a checkpoint completes. The
 * writer COPYs each batch of the {@link SigkillHarness} input into the source table in one
 * transaction; the kills and the verdict are the harness's, as in {@link
 * ExactlyOnceUnderSigkillIT}.
 */
class CdcExactlyOnceUnderSigkillIT {
  @TempDir Path dataDir;
  @TempDir Path unused;

  private SigkillHarness harness;
  private TestDatabase target;
  private String slot;

  @BeforeEach
  void startServices() throws SQLException {
    harness = new SigkillHarness(dataDir, unused);
    target = TestPostgres.freshDatabase();
    String walLevel;
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW wal_level")) {
      rs.next();
      walLevel = rs.getString(1);
    }
    if (!walLevel.equals("logical")) {
      target.close();
      target = null;
    }
    Assumptions.assumeTrue(
        walLevel.equals("logical"),
        "The test PostgreSQL runs with wal_level="
            + walLevel
            + "; change data capture needs wal_level=logical (the embedded test server has it).");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (target == null) {
      return;
    }
    try {
      harness.close(getClass().getSimpleName());
    } finally {
      try {
        rollBackLeftoverPreparedTransactions();
        if (slot != null) {
          // A database with a replication slot cannot be dropped.
          CatalogSettings db = target.settings();
          ReplicationSlots.drop(db.jdbcUrl(), db.user(), db.password(), slot);
        }
      } finally {
        target.close();
      }
    }
  }

  @Test
  void everyInsertedRowArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders_src (id bigint PRIMARY KEY, amount double precision, country text)");
    }
    harness.start();
    CatalogSettings db = target.settings();
    String connection =
        "\"jdbcUrl\": %s, \"user\": %s, \"password\": %s"
            .formatted(
                quote(db.jdbcUrl()),
                quote(db.user()),
                quote(db.password() == null ? "" : db.password()));
    String pipelineId =
        harness.createPipeline(
            "orders from the log",
            """
            {"id": "files", "type": "postgres-cdc",
             "config": {%s, "table": "orders_src",
                        "fields": ["id: long", "amount: double", "country: string"]}}
            """
                .formatted(connection),
            "db",
            """
            {"id": "db", "type": "postgres",
             "config": {%s, "table": "orders", "createTable": true}}
            """
                .formatted(connection));
    slot = ReplicationSlots.slotName("p-" + pipelineId, "files");
    String runId = harness.startRun(pipelineId);

    try (Connection writerConnection = connect()) {
      var copy = writerConnection.unwrap(PGConnection.class).getCopyAPI();
      SigkillHarness.InputWriter writer =
          harness.startWriter(
              (batch, records) ->
                  copy.copyIn(
                      "COPY orders_src (id, amount, country) FROM STDIN WITH (FORMAT csv)",
                      new StringReader(String.join("\n", records) + "\n")));
      try {
        harness.killAndRestartWhileArriving(
            runId, writer, () -> count("SELECT count(*) FROM orders"));
        writer.awaitDone();
        harness.awaitExactlyTheExpectedCount(
            () -> count("SELECT count(*) FROM orders"),
            () -> count("SELECT count(DISTINCT id) FROM orders"));

        assertEveryRowIsExpectedAndDerivedRight();
        assertThat(count("SELECT count(*) FROM orders WHERE op <> 'insert'")).isZero();
        harness.assertRunIsTheOnlyOneAndRunning(pipelineId, runId);
      } finally {
        writer.stop();
      }
    }
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    assertThat(
            count(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                    + slot
                    + "' AND confirmed_flush_lsn IS NOT NULL"))
        .as("the pipeline's slot, kept while the pipeline exists")
        .isEqualTo(1);
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
