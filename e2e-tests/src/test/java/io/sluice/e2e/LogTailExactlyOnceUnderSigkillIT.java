package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.EXPECTED_ROWS;
import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once for a log file that is appended to and rotated while Sluice is SIGKILLed: a pipeline
 * log-tail (regex) → filter → derive → PostgreSQL delivers every line once.
 *
 * <p>The writer appends {@value SigkillHarness#FILES} batches of {@value
 * SigkillHarness#LINES_PER_FILE} lines to {@code app.log}, one batch every 400 ms, and rotates the
 * file every {@value #ROTATE_EVERY} batches, alternately by rename-and-create (logrotate's default)
 * and by copytruncate, so rotations happen while Sluice runs and while it is down. Rotated files
 * are kept, as logrotate keeps them, long enough to be finished. The rest is {@link
 * SigkillHarness}, as for {@link ExactlyOnceUnderSigkillIT}: two SIGKILLs at random moments, a
 * restart on the same data directory each time, and a row-by-row comparison at the end.
 */
class LogTailExactlyOnceUnderSigkillIT {
  static final int ROTATE_EVERY = 10;

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
  void everyLineArrivesExactlyOnceThroughRotationsAndRepeatedSigkills() throws Exception {
    harness.start();
    CatalogSettings db = target.settings();
    String logTail =
        """
        {"id": "files", "type": "log-tail",
         "config": {"path": %s, "filePattern": "app.log*", "format": "regex",
                    "linePattern": "(?<id>\\\\d+),(?<amount>[^,]+),(?<country>\\\\w+)",
                    "fields": ["id: long", "amount: double"], "pollInterval": "100ms"}}
        """
            .formatted(quote(inbox.toString()));
    String pipelineId =
        harness.createPipeline(
            "app-log",
            logTail,
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

    SigkillHarness.InputWriter writer = harness.startWriter(this::appendAndRotate);
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

  /**
   * Appends a batch of lines to app.log; after every {@value #ROTATE_EVERY}th batch rotates it to
   * app.log.N, by rename (N odd) or by copy and truncate (N even).
   */
  private void appendAndRotate(int batch, List<String> records) throws IOException {
    Path app = inbox.resolve("app.log");
    Files.writeString(
        app,
        String.join("\n", records) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    if ((batch + 1) % ROTATE_EVERY == 0) {
      int n = (batch + 1) / ROTATE_EVERY;
      Path rotated = inbox.resolve("app.log." + n);
      if (n % 2 == 1) {
        Files.move(app, rotated);
      } else {
        Files.copy(app, rotated);
        try (FileChannel channel = FileChannel.open(app, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
      }
    }
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
