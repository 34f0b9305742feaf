package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once from a polled table: a pipeline reading the rows of a PostgreSQL table past a
 * composite offset ({@code postgres-incremental}, offset {@code (written_at, id)}), through a
 * filter and a derive into another PostgreSQL table, delivers every row once while Sluice is
 * SIGKILLed twice mid-stream and restarted, because the offset of the last row emitted is the state
 * of the source's split in the checkpoints.
 *
 * <p>The writer COPYs each batch of {@link SigkillHarness.Input#SHORT} (4,000 rows) into the source
 * table in one transaction, so all rows of a batch share {@code written_at} (the transaction's
 * {@code now()}) and a poll of at most 1,000 rows ends between rows of the same instant: the case
 * the second offset column is for. Batches are written one after another, so a later transaction
 * never commits an earlier {@code written_at}.
 */
class IncrementalExactlyOnceUnderSigkillIT {
  @TempDir Path dataDir;
  @TempDir Path unused;

  private SigkillHarness harness;
  private PostgresTarget target;

  @BeforeEach
  void startServices() {
    harness = new SigkillHarness(dataDir, unused, SigkillHarness.Input.SHORT);
    target = PostgresTarget.fresh();
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName(), target);
  }

  @Test
  void everyPolledRowArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    target.execute(
        """
        CREATE TABLE orders_src (
          id bigint PRIMARY KEY, amount double precision, country text,
          written_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX ON orders_src (written_at, id)
        """);
    harness.start();
    harness.startRun(
        harness.createPipeline(
            "orders polled",
            """
            {"id": "files", "type": "postgres-incremental",
             "config": {%s, "table": "orders_src",
                        "fields": ["id: long", "amount: double", "country: string",
                                   "written_at: timestamp"],
                        "offsetColumns": ["written_at", "id"],
                        "pollInterval": "200ms", "batchSize": 1000}}
            """
                .formatted(target.connectionFields()),
            target.sinkNode("db", "orders")));

    harness.deliverUnderSigkills(
        target.copyInto("orders_src"),
        () -> target.count("orders"),
        () -> target.distinctIds("orders"));

    assertThat(target.number("SELECT count(DISTINCT written_at) FROM orders_src"))
        .as("one instant per batch, so that polls end inside an instant")
        .isEqualTo(harness.input().batches());
    target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    assertThat(target.preparedTransactions())
        .as("prepared transactions left in doubt after the stop\n%s", harness.diagnosis())
        .isZero();
  }
}
