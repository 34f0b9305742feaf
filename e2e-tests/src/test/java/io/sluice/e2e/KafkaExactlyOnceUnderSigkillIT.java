package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.connectors.testing.KafkaBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once from Kafka: a pipeline reading CSV records from a Kafka topic of four partitions
 * through a filter and a derive into PostgreSQL delivers every record once while Sluice is
 * SIGKILLed mid-stream and restarted, because the partition offsets live in the checkpoints, not in
 * the consumer group. The broker runs in the test JVM and survives the kills; the input, the kills
 * and the verdict are {@link SigkillHarness}'s, as in {@link ExactlyOnceUnderSigkillIT}.
 */
class KafkaExactlyOnceUnderSigkillIT {
  @TempDir Path dataDir;
  @TempDir Path unused;

  private SigkillHarness harness;
  private TestDatabase target;
  private KafkaBroker kafka;

  @BeforeEach
  void startServices() {
    harness = new SigkillHarness(dataDir, unused);
    target = TestPostgres.freshDatabase();
    kafka = KafkaBroker.start();
    kafka.createTopic("orders", 4);
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      harness.close(getClass().getSimpleName());
    } finally {
      try {
        rollBackLeftoverPreparedTransactions();
        target.close();
      } finally {
        kafka.close();
      }
    }
  }

  @Test
  void everyKafkaRecordArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    harness.start();
    CatalogSettings db = target.settings();
    String pipelineId =
        harness.createPipeline(
            "orders from kafka",
            """
            {"id": "files", "type": "kafka",
             "config": {"bootstrapServers": %s, "topics": ["orders"], "format": "csv",
                        "fields": ["id: long", "amount: double", "country: string"]}}
            """
                .formatted(quote(kafka.bootstrapServers())),
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

    try (KafkaProducer<String, String> producer = kafka.producer()) {
      SigkillHarness.InputWriter writer =
          harness.startWriter(
              (batch, records) -> {
                for (String record : records) {
                  producer.send(
                      new ProducerRecord<>(
                          "orders", record.substring(0, record.indexOf(',')), record));
                }
                producer.flush();
              });
      try {
        harness.killAndRestartWhileArriving(
            runId, writer, () -> count("SELECT count(*) FROM orders"));
        writer.awaitDone();
        harness.awaitExactlyTheExpectedCount(
            () -> count("SELECT count(*) FROM orders"),
            () -> count("SELECT count(DISTINCT id) FROM orders"));

        assertEveryRowIsExpectedAndDerivedRight();
        harness.assertRunIsTheOnlyOneAndRunning(pipelineId, runId);
      } finally {
        writer.stop();
      }
    }
    assertThat(kafka.admin().listGroups().all().get(30, TimeUnit.SECONDS))
        .as("the consumer group, which holds offsets only as a report")
        .anySatisfy(
            group -> assertThat(group.groupId()).isEqualTo("sluice-p-" + pipelineId + "-files"));
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
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
