package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once for a log file that is appended to and rotated while Sluice is SIGKILLed: a pipeline
 * log-tail (regex) → filter → derive → PostgreSQL delivers every line once.
 *
 * <p>The writer appends 200 batches of 5,000 lines ({@link SigkillHarness.Input#LONG}) to {@code
 * app.log}, one batch every 400 ms, and rotates the file every {@value #ROTATE_EVERY} batches,
 * alternately by rename-and-create (logrotate's default) and by copytruncate, so rotations happen
 * while Sluice runs and while it is down. Rotated files are kept, as logrotate keeps them, long
 * enough to be finished. The rest is {@link SigkillHarness}, as for {@link
 * ExactlyOnceUnderSigkillIT}: two SIGKILLs at random moments, a restart on the same data directory
 * each time, and a row-by-row comparison at the end.
 */
class LogTailExactlyOnceUnderSigkillIT {
  static final int ROTATE_EVERY = 10;

  @TempDir Path dataDir;
  @TempDir Path inbox;

  private SigkillHarness harness;
  private PostgresTarget target;

  @BeforeEach
  void startTarget() {
    harness = new SigkillHarness(dataDir, inbox, SigkillHarness.Input.SHORT);
    target = PostgresTarget.fresh();
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName(), target);
  }

  @Test
  void everyLineArrivesExactlyOnceThroughRotationsAndRepeatedSigkills() throws Exception {
    harness.start();
    String logTail =
        """
        {"id": "files", "type": "log-tail",
         "config": {"path": %s, "filePattern": "app.log*", "format": "regex",
                    "linePattern": "(?<id>\\\\d+),(?<amount>[^,]+),(?<country>\\\\w+)",
                    "fields": ["id: long", "amount: double"], "pollInterval": "100ms"}}
        """
            .formatted(quote(inbox.toString()));
    harness.startRun(harness.createPipeline("app-log", logTail, target.sinkNode("db", "orders")));

    harness.deliverUnderSigkills(
        this::appendAndRotate, () -> target.count("orders"), () -> target.distinctIds("orders"));

    assertThat(target.distinctIds("orders")).as(harness.diagnosis()).isEqualTo(harness.expected());
    target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    assertThat(target.preparedTransactions())
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
}
