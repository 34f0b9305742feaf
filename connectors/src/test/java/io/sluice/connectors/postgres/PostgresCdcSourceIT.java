package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.check.PostgresSourceCheck;
import io.sluice.connectors.postgres.cdc.CdcSettings;
import io.sluice.connectors.postgres.cdc.PostgresCdcSource;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresCdcSourceIT {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger("io.sluice.connectors.postgres.cdc.IT");

  @TempDir Path tmp;
  private TestTarget db;

  @BeforeEach
  void database() throws Exception {
    db = new TestTarget();
    String walLevel =
        db.query("SHOW wal_level", rs -> TestTarget.get(() -> rs.getString(1))).get(0);
    if (!walLevel.equals("logical")) {
      db.close();
      db = null;
    }
    Assumptions.assumeTrue(
        walLevel.equals("logical"),
        "The test PostgreSQL runs with wal_level="
            + walLevel
            + "; change data capture needs wal_level=logical (the embedded test server has it).");
  }

  @AfterEach
  void drop() throws Exception {
    if (db != null) {
      ReplicationSlots.drop(db.db().jdbcUrl(), db.db().user(), db.db().password(), slot());
      db.close();
    }
  }

  private String slot() {
    return ReplicationSlots.slotName("p-test", db.db().jdbcUrl().replaceAll(".*/", ""));
  }

  private CdcSettings settings() {
    return new CdcSettings(
        db.db().jdbcUrl(),
        db.db().user(),
        db.db().password(),
        "shop.orders",
        List.of("id: long", "name: string", "amount: decimal", "paid: boolean"),
        "op",
        slot(),
        slot(),
        true);
  }

  @Test
  void readsTheSnapshotThenInsertsUpdatesAndDeletesAndResumesFromASavepoint() throws Exception {
    db.execute(
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint PRIMARY KEY, name text, amount numeric(10,2),"
            + " paid boolean, note text)",
        "INSERT INTO shop.orders VALUES (1, 'a', 1.50, false, 'x'), (2, 'b', 2.00, true, 'y')");

    String savepoint;
    try (SourceJobs job = SourceJobs.start(new PostgresCdcSource(settings()), tmp, null)) {
      assertThat(job.take(2))
          .containsExactlyInAnyOrder(
              Row.of(1L, "a", new BigDecimal("1.50"), false, "insert"),
              Row.of(2L, "b", new BigDecimal("2.00"), true, "insert"));
      long created = confirmedFlush();

      db.execute(
          "INSERT INTO shop.orders VALUES (3, 'c', 3.25, false, null)",
          "BEGIN",
          "UPDATE shop.orders SET amount = 9.99, paid = true WHERE id = 1",
          "DELETE FROM shop.orders WHERE id = 2",
          "COMMIT");
      assertThat(job.take(3))
          .containsExactly(
              Row.of(3L, "c", new BigDecimal("3.25"), false, "insert"),
              Row.of(1L, "a", new BigDecimal("9.99"), true, "update"),
              Row.of(2L, null, null, null, "delete"));

      // The slot moves when checkpoints complete, so the server can let go of the old WAL.
      await().atMost(Duration.ofSeconds(20)).until(() -> confirmedFlush() > created);
      LOG.info("Stopping with a savepoint");
      savepoint = job.stopWithSavepoint(tmp.resolve("savepoints"));
      LOG.info("Stopped");
    }

    db.execute(
        "INSERT INTO shop.orders VALUES (4, 'd', 4.00, true, null)",
        "UPDATE shop.orders SET name = 'cc' WHERE id = 3");
    try (SourceJobs job = SourceJobs.start(new PostgresCdcSource(settings()), tmp, savepoint)) {
      // Only what changed while it was stopped: no snapshot again, nothing twice.
      assertThat(job.take(2))
          .containsExactly(
              Row.of(4L, "d", new BigDecimal("4.00"), true, "insert"),
              Row.of(3L, "cc", new BigDecimal("3.25"), false, "update"));
    }
    LOG.info("Second job done");
    // The cancelled job lets go of the slot shortly after.
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> ReplicationSlots.drop(db.db().jdbcUrl(), db.db().user(), null, slot()));
    assertThat(
            db.count(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot() + "'"))
        .isZero();
  }

  private long confirmedFlush() throws Exception {
    return db.count(
        "SELECT coalesce((SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
            + " WHERE slot_name = '"
            + slot()
            + "'), 0)::bigint");
  }

  @Test
  void theConnectionCheckSeesThatLogicalReplicationIsAllowed() throws Exception {
    db.execute("CREATE TABLE items (id bigint PRIMARY KEY, label text)");
    var result =
        PostgresSourceCheck.cdc(
            db.db().jdbcUrl(),
            db.db().user(),
            db.db().password(),
            "items",
            List.of("id: long", "label: string"),
            Duration.ofSeconds(5));
    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.details()).containsEntry("walLevel", "logical");
  }
}
