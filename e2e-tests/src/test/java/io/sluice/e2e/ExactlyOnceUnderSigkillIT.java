package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of Sluice, kept under the worst crash there is: a pipeline from a file directory
 * through a filter and a derive into PostgreSQL delivers every record exactly once while Sluice is
 * SIGKILLed mid-stream, again and again, and restarted on the same data directory.
 *
 * <p>A writer thread drops {@value #FILES} CSV files of {@value #LINES_PER_FILE} records each into
 * the watched directory over time; every {@value #FILTERED_EVERY}th record has a negative amount
 * and is filtered out. At random moments while rows are arriving, the Sluice JVM is killed (no
 * shutdown hook, no savepoint) and a new one is started; it must resume the run from its last
 * checkpoint by itself. In the end the target table must hold exactly the expected rows, with the
 * derived values right: none missing, none twice.
 */
class ExactlyOnceUnderSigkillIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int FILES = 200;
  private static final int LINES_PER_FILE = 5_000;
  private static final int RECORDS = FILES * LINES_PER_FILE;
  private static final int FILTERED_EVERY = 101;
  private static final int EXPECTED_ROWS = RECORDS - RECORDS / FILTERED_EVERY;
  private static final Duration FILE_EVERY = Duration.ofMillis(400);
  private static final String[] COUNTRIES = {"de", "fr", "us", "jp", "br", "nz", "ke"};

  /**
   * One kill per window, once a random share of the expected rows within it is committed. With the
   * writer taking about 90 s and Sluice restarting in 20 to 45 s (2 cores), files are still
   * arriving at both kills.
   */
  private static final double[][] KILL_WINDOWS = {{0.15, 0.30}, {0.50, 0.70}};

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<SluiceProcess> processes = new ArrayList<>();
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);

  @TempDir Path dataDir;
  @TempDir Path inbox;

  private TestDatabase target;
  private SluiceProcess sluice;

  @BeforeEach
  void startTarget() {
    target = TestPostgres.freshDatabase();
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (sluice != null && sluice.isAlive()) {
        sluice.stop();
      } else {
        // A killed Sluice whose successor never started leaves its catalog's server running.
        stopOrphanedCatalogServer();
      }
    } finally {
      saveLogs();
      rollBackLeftoverPreparedTransactions();
      target.close();
    }
  }

  /** Keeps the output of every Sluice process in target/sluice-logs for a look after the fact. */
  private void saveLogs() throws IOException {
    String prefix = getClass().getSimpleName() + "-";
    Path dir = Files.createDirectories(Path.of("target", "sluice-logs"));
    try (Stream<Path> old = Files.list(dir)) {
      for (Path log : old.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Files.delete(log);
      }
    }
    for (int i = 0; i < processes.size(); i++) {
      Files.write(
          dir.resolve(prefix + (i + 1) + ".log"),
          processes.get(i).output(),
          StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyRecordArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    sluice = start();
    String pipelineId = createPipeline();
    JsonNode run = send("POST", "/api/pipelines/" + pipelineId + "/runs", "", 201);
    String runId = run.path("id").asText();
    awaitRunState(runId, "running");

    progress("the run is running");
    Writer writer = new Writer();
    Thread writerThread = new Thread(writer, "csv-writer");
    writerThread.start();
    try {
      for (double[] window : KILL_WINDOWS) {
        long killAt =
            (long) (EXPECTED_ROWS * (window[0] + random.nextDouble() * (window[1] - window[0])));
        await("committed rows to reach " + killAt)
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(100))
            .failFast("the writer failed", () -> writer.failure.get() != null)
            .untilAsserted(
                () ->
                    assertThat(count("SELECT count(*) FROM orders"))
                        .as(diagnosis())
                        .isGreaterThanOrEqualTo(killAt));
        // A random phase against the checkpoint interval: mid-transaction, mid-prepare, mid-commit.
        Thread.sleep(random.nextInt(1_500));
        long committedAtKill = count("SELECT count(*) FROM orders");
        int exit = sluice.kill();
        progress(
            "SIGKILLed Sluice (exit %d) with %d rows committed, %d of %d files written",
            exit, committedAtKill, writer.filesWritten.get(), FILES);
        assertThat(committedAtKill).as(diagnosis()).isLessThan(EXPECTED_ROWS);

        sluice = start();
        progress("Sluice restarted");
        assertThat(sluice.log())
            .as("the restarted Sluice resumes the run from a checkpoint by itself\n%s", diagnosis())
            .containsPattern("Resuming run " + runId + " of pipeline .* from s3://");
        awaitRunState(runId, "running");
        progress("the run is running again");
      }

      writerThread.join(TimeUnit.MINUTES.toMillis(3));
      progress("the writer is done");
      assertThat(writer.failure.get()).as("writer failure").isNull();
      assertThat(writer.filesWritten.get()).isEqualTo(FILES);

      try {
        await("all expected rows, and no more, in the target table")
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofMillis(500))
            .during(Duration.ofSeconds(3))
            .failFast(
                "more rows than expected: duplicates",
                () -> count("SELECT count(*) FROM orders") > EXPECTED_ROWS)
            .untilAsserted(
                () ->
                    assertThat(count("SELECT count(*) FROM orders"))
                        .as(diagnosis())
                        .isEqualTo(EXPECTED_ROWS));
      } catch (TerminalFailureException e) {
        throw new AssertionError(
            e.getMessage()
                + ": "
                + count("SELECT count(*) FROM orders")
                + " rows, "
                + count("SELECT count(DISTINCT id) FROM orders")
                + " distinct ids, "
                + EXPECTED_ROWS
                + " expected\n"
                + diagnosis(),
            e);
      }

      progress("all %d rows are in", EXPECTED_ROWS);
      assertThat(count("SELECT count(*) FROM orders")).as(diagnosis()).isEqualTo(EXPECTED_ROWS);
      assertThat(count("SELECT count(DISTINCT id) FROM orders"))
          .as(diagnosis())
          .isEqualTo(EXPECTED_ROWS);
      assertEveryRowIsExpectedAndDerivedRight();
      assertThat(get("/api/runs/" + runId).path("state").asText()).isEqualTo("running");
      assertThat(send("GET", "/api/pipelines/" + pipelineId + "/runs", null, 200))
          .as("the restarts resumed the one run rather than starting new ones")
          .hasSize(1);
    } finally {
      writer.stop = true;
      writerThread.join(TimeUnit.MINUTES.toMillis(1));
    }

    assertThat(sluice.stop()).as(diagnosis()).isIn(0, 143);
    assertThat(count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"))
        .as("prepared transactions left in doubt after the stop\n%s", diagnosis())
        .isZero();
  }

  private final long began = System.nanoTime();

  private void progress(String format, Object... args) {
    System.out.printf(
        "[%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, String.format(format, args));
  }

  private SluiceProcess start() throws Exception {
    SluiceProcess started = SluiceProcess.start(dataDir, Map.of());
    processes.add(started);
    return started;
  }

  private String createPipeline() throws Exception {
    CatalogSettings db = target.settings();
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "files", "type": "file-directory",
            "config": {"path": %s, "fields": ["id: long", "amount: double", "country: string"],
                       "discoveryInterval": "200ms"}},
           {"id": "keep", "type": "filter", "config": {"condition": "amount >= 0"}},
           {"id": "calc", "type": "derive",
            "config": {"fields": ["cents = CAST(amount * 100 AS BIGINT)", "cc = UPPER(country)"]}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": %s, "user": %s, "password": %s, "table": "orders",
                       "createTable": true}}],
         "edges": [
           {"from": {"node": "files"}, "to": {"node": "keep"}},
           {"from": {"node": "keep"}, "to": {"node": "calc"}},
           {"from": {"node": "calc"}, "to": {"node": "db"}}],
         "settings": {"checkpointInterval": "1s", "parallelism": 1}}
        """
            .formatted(
                quote(inbox.toString()),
                quote(db.jdbcUrl()),
                quote(db.user()),
                quote(db.password() == null ? "" : db.password()));
    JsonNode created =
        send(
            "POST",
            "/api/pipelines",
            "{\"name\": \"orders\", \"document\": " + document + "}",
            201);
    assertThat(created.at("/validation/valid").asBoolean()).as(created.toString()).isTrue();
    return created.path("id").asText();
  }

  /** Streams the whole table once: each id expected, seen once, with its derived values. */
  private void assertEveryRowIsExpectedAndDerivedRight() throws SQLException {
    BitSet seen = new BitSet(RECORDS + 1);
    List<String> wrong = new ArrayList<>();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(20_000);
        try (ResultSet rs = s.executeQuery("SELECT id, amount, country, cents, cc FROM orders")) {
          while (rs.next()) {
            long id = rs.getLong(1);
            String problem = problemWith(id, rs);
            if (problem == null && seen.get((int) id)) {
              problem = "twice";
            }
            if (problem != null && wrong.size() < 20) {
              wrong.add("id " + id + ": " + problem);
            }
            if (id > 0 && id <= RECORDS) {
              seen.set((int) id);
            }
          }
        }
      }
    }
    List<Long> missing = new ArrayList<>();
    for (long id = 1; id <= RECORDS && missing.size() < 20; id++) {
      if (!isFilteredOut(id) && !seen.get((int) id)) {
        missing.add(id);
      }
    }
    assertThat(wrong).as("unexpected rows\n%s", diagnosis()).isEmpty();
    assertThat(missing).as("missing ids (first 20)\n%s", diagnosis()).isEmpty();
  }

  private static String problemWith(long id, ResultSet rs) throws SQLException {
    if (id < 1 || id > RECORDS) {
      return "not an id that was written";
    }
    if (isFilteredOut(id)) {
      return "should have been filtered out";
    }
    double amount = rs.getDouble(2);
    String country = rs.getString(3);
    long cents = rs.getLong(4);
    String cc = rs.getString(5);
    if (amount != amountOf(id)
        || !country.equals(countryOf(id))
        || cents != centsOf(id)
        || !cc.equals(countryOf(id).toUpperCase(Locale.ROOT))) {
      return "wrong values " + amount + ", " + country + ", " + cents + ", " + cc;
    }
    return null;
  }

  // Deterministic content. Amounts are multiples of 0.25, exact in binary, so that amount * 100
  // is an exact whole number and the derived cents have one right answer.
  private static boolean isFilteredOut(long id) {
    return id % FILTERED_EVERY == 0;
  }

  private static double amountOf(long id) {
    return isFilteredOut(id) ? -(id % 7 + 0.5) : (id % 4_000) * 0.25;
  }

  private static long centsOf(long id) {
    return (id % 4_000) * 25;
  }

  private static String countryOf(long id) {
    return COUNTRIES[(int) (id % COUNTRIES.length)];
  }

  /** Writes the files one at a time, each under a hidden name first and then renamed. */
  private final class Writer implements Runnable {
    final AtomicInteger filesWritten = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean stop;

    @Override
    public void run() {
      try {
        for (int file = 0; file < FILES && !stop; file++) {
          String name = "orders-%04d.csv".formatted(file);
          Path hidden = inbox.resolve("." + name + ".tmp");
          try (BufferedWriter out = Files.newBufferedWriter(hidden, StandardCharsets.UTF_8)) {
            out.write("id,amount,country\n");
            for (long id = (long) file * LINES_PER_FILE + 1;
                id <= (long) (file + 1) * LINES_PER_FILE;
                id++) {
              out.write(id + "," + amountOf(id) + "," + countryOf(id) + "\n");
            }
          }
          Files.move(hidden, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
          if (filesWritten.incrementAndGet() % 50 == 0) {
            progress("%d files written", filesWritten.get());
          }
          Thread.sleep(FILE_EVERY.toMillis());
        }
      } catch (IOException | RuntimeException e) {
        failure.set(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.set(e);
      }
    }
  }

  private void awaitRunState(String runId, String state) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await("run " + runId + " to be " + state)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              last.set(get("/api/runs/" + runId));
              assertThat(last.get().path("state").asText())
                  .as("%s\n%s", last.get(), diagnosis())
                  .isEqualTo(state);
            });
  }

  private JsonNode get(String path) throws Exception {
    return send("GET", path, null, 200);
  }

  private JsonNode send(String method, String path, String body, int status) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sluice.baseUrl() + path))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s answered %s\n%s", method, path, response.body(), diagnosis())
        .isEqualTo(status);
    return JSON.readTree(response.body());
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

  /** The seed and the output of every Sluice process so far, the newest last. */
  private String diagnosis() {
    StringBuilder text = new StringBuilder("random seed ").append(seed).append('\n');
    for (int i = 0; i < processes.size(); i++) {
      List<String> lines = processes.get(i).output();
      text.append("---- output of Sluice process ")
          .append(i + 1)
          .append(" of ")
          .append(processes.size())
          .append(lines.size() > 400 ? " (last 400 lines)" : "")
          .append(" ----\n");
      lines
          .subList(Math.max(0, lines.size() - 400), lines.size())
          .forEach(line -> text.append(line).append('\n'));
    }
    return text.toString();
  }

  private void stopOrphanedCatalogServer() throws Exception {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> postmaster =
        lines.isEmpty()
            ? Optional.empty()
            : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(
                    p -> p.info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false));
    if (postmaster.isPresent()) {
      postmaster.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown
      postmaster.get().onExit().get(30, TimeUnit.SECONDS);
    }
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

  private static String quote(String text) {
    return JSON.valueToTree(text).toString();
  }
}
