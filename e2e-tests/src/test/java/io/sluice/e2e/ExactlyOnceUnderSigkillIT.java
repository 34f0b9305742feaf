package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of Sluice, kept under the worst crash there is: a pipeline from a file directory
 * through a filter and a derive into PostgreSQL delivers every record exactly once while Sluice is
 * SIGKILLed mid-stream, again and again, and restarted on the same data directory.
 *
 * <p>A writer thread drops 200 CSV files of 5,000 records each ({@link SigkillHarness.Input#LONG})
 * into the watched directory over time; every {@value SigkillHarness#FILTERED_EVERY}th record has a
 * negative amount and is filtered out. At random moments while rows are arriving, the Sluice JVM is
 * killed (no shutdown hook, no savepoint) and a new one is started; it must resume the run from its
 * last checkpoint by itself. In the end the target table must hold exactly the expected rows, with
 * the derived values right: none missing, none twice. {@link SigkillHarness} has the parts this
 * test shares with the other fault tests.
 */
class ExactlyOnceUnderSigkillIT {
  @TempDir Path dataDir;
  @TempDir Path inbox;

  private SigkillHarness harness;
  private PostgresTarget target;

  @BeforeEach
  void startTarget() {
    harness = new SigkillHarness(dataDir, inbox);
    target = PostgresTarget.fresh();
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName(), target);
  }

  @Test
  void everyRecordArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    harness.start();
    harness.startRun(
        harness.createPipeline(
            "orders", harness.fileDirectorySource(), target.sinkNode("db", "orders")));

    harness.deliverUnderSigkills(() -> target.count("orders"), () -> target.distinctIds("orders"));

    assertThat(target.distinctIds("orders")).as(harness.diagnosis()).isEqualTo(harness.expected());
    target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    assertThat(target.preparedTransactions())
        .as("prepared transactions left in doubt after the stop\n%s", harness.diagnosis())
        .isZero();
  }
}
