package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.CatalogSettings;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  private PostgresTarget target;
  private String slot;

  @BeforeEach
  void startServices() throws SQLException {
    harness = new SigkillHarness(dataDir, unused, SigkillHarness.Input.SHORT);
    target = PostgresTarget.fresh();
    String walLevel;
    try (Connection c = target.connect();
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
    harness.close(getClass().getSimpleName(), this::dropSlot, target);
  }

  /** A database with a replication slot cannot be dropped. */
  private void dropSlot() throws Exception {
    if (slot != null) {
      CatalogSettings db = target.settings();
      ReplicationSlots.drop(db.jdbcUrl(), db.user(), db.password(), slot);
    }
  }

  @Test
  void everyInsertedRowArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    target.execute(
        "CREATE TABLE orders_src (id bigint PRIMARY KEY, amount double precision, country text)");
    harness.start();
    String pipelineId =
        harness.createPipeline(
            "orders from the log",
            """
            {"id": "files", "type": "postgres-cdc",
             "config": {%s, "table": "orders_src",
                        "fields": ["id: long", "amount: double", "country: string"]}}
            """
                .formatted(target.connectionFields()),
            target.sinkNode("db", "orders"));
    slot = ReplicationSlots.slotName("p-" + pipelineId, "files");
    harness.startRun(pipelineId);

    harness.deliverUnderSigkills(
        target.copyInto("orders_src"),
        () -> target.count("orders"),
        () -> target.distinctIds("orders"));

    target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");
    assertThat(target.number("SELECT count(*) FROM orders WHERE op <> 'insert'")).isZero();
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    assertThat(
            target.number(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                    + slot
                    + "' AND confirmed_flush_lsn IS NOT NULL"))
        .as("the pipeline's slot, kept while the pipeline exists")
        .isEqualTo(1);
  }
}
