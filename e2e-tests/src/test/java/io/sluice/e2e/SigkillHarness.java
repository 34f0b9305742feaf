package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * What the exactly-once fault tests share: the input (CSV files dropped into a directory over time,
 * content a function of the id), the pipeline up to its sink (file directory → filter → derive),
 * Sluice started, SIGKILLed and restarted on one data directory, and the verdict that every
 * expected record arrived once with its derived values right. A test brings the sink and a way to
 * count and read what it committed.
 */
final class SigkillHarness {
  static final ObjectMapper JSON = new ObjectMapper();

  static final int FILES = 200;
  static final int LINES_PER_FILE = 5_000;
  static final int RECORDS = FILES * LINES_PER_FILE;
  static final int FILTERED_EVERY = 101;
  static final int EXPECTED_ROWS = RECORDS - RECORDS / FILTERED_EVERY;
  private static final Duration FILE_EVERY = Duration.ofMillis(400);
  private static final String[] COUNTRIES = {"de", "fr", "us", "jp", "br", "nz", "ke"};

  /**
   * One kill per window, once a random share of the expected rows within it is committed. With the
   * writer taking about 90 s and Sluice restarting in 20 to 45 s (2 cores), files are still
   * arriving at both kills.
   */
  private static final double[][] KILL_WINDOWS = {{0.15, 0.30}, {0.50, 0.70}};

  /** How many records the sink has committed so far, as a reader of the target sees them. */
  @FunctionalInterface
  interface Committed {
    long count() throws Exception;
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<SluiceProcess> processes = new ArrayList<>();
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);
  private final long began = System.nanoTime();
  private final Path dataDir;
  private final Path inbox;
  private SluiceProcess sluice;

  SigkillHarness(Path dataDir, Path inbox) {
    this.dataDir = dataDir;
    this.inbox = inbox;
  }

  SluiceProcess sluice() {
    return sluice;
  }

  SluiceProcess start() throws Exception {
    sluice = SluiceProcess.start(dataDir, Map.of());
    processes.add(sluice);
    return sluice;
  }

  /**
   * Stops the Sluice still running (or the catalog server a killed one left) and saves the logs.
   */
  void close(String testName) throws Exception {
    try {
      if (sluice != null && sluice.isAlive()) {
        sluice.stop();
      } else {
        // A killed Sluice whose successor never started leaves its catalog's server running.
        stopOrphanedCatalogServer();
      }
    } finally {
      saveLogs(testName);
    }
  }

  /**
   * Creates the pipeline files → keep (filter) → calc (derive) → the given sink node, whose id is
   * {@code sinkId}, and returns its id.
   */
  String createPipeline(String name, String sinkId, String sinkNode) throws Exception {
    String files =
        """
        {"id": "files", "type": "file-directory",
         "config": {"path": %s, "fields": ["id: long", "amount: double", "country: string"],
                    "discoveryInterval": "200ms"}}
        """
            .formatted(quote(inbox.toString()));
    return createPipeline(name, files, sinkId, sinkNode);
  }

  /**
   * Creates the pipeline source → keep (filter) → calc (derive) → sink, where the source node has
   * the id {@code files} and gives the fields id, amount and country, and returns its id.
   */
  String createPipeline(String name, String sourceNode, String sinkId, String sinkNode)
      throws Exception {
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           %s,
           {"id": "keep", "type": "filter", "config": {"condition": "amount >= 0"}},
           {"id": "calc", "type": "derive",
            "config": {"fields": ["cents = CAST(amount * 100 AS BIGINT)", "cc = UPPER(country)"]}},
           %s],
         "edges": [
           {"from": {"node": "files"}, "to": {"node": "keep"}},
           {"from": {"node": "keep"}, "to": {"node": "calc"}},
           {"from": {"node": "calc"}, "to": {"node": %s}}],
         "settings": {"checkpointInterval": "1s", "parallelism": 1}}
        """
            .formatted(sourceNode, sinkNode, quote(sinkId));
    JsonNode created =
        send(
            "POST",
            "/api/pipelines",
            "{\"name\": " + quote(name) + ", \"document\": " + document + "}",
            201);
    assertThat(created.at("/validation/valid").asBoolean()).as(created.toString()).isTrue();
    return created.path("id").asText();
  }

  /** Starts a run of the pipeline, waits until it is running and returns its id. */
  String startRun(String pipelineId) throws Exception {
    JsonNode run = send("POST", "/api/pipelines/" + pipelineId + "/runs", "", 201);
    String runId = run.path("id").asText();
    awaitRunState(runId, "running");
    progress("the run is running");
    return runId;
  }

  /**
   * Once per kill window, waits until a random share of the expected records is committed, waits a
   * random 0–1.5 s more (so the kill lands anywhere in the checkpoint cycle: mid-write,
   * mid-snapshot, mid-commit), SIGKILLs Sluice, starts a new one on the same data directory and
   * checks that it resumes the run from a checkpoint by itself.
   */
  void killAndRestartWhileArriving(String runId, InputWriter writer, Committed committed)
      throws Exception {
    for (double[] window : KILL_WINDOWS) {
      long killAt =
          (long) (EXPECTED_ROWS * (window[0] + random.nextDouble() * (window[1] - window[0])));
      await("committed records to reach " + killAt)
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .failFast("the writer failed", () -> writer.failure.get() != null)
          .untilAsserted(
              () -> assertThat(committed.count()).as(diagnosis()).isGreaterThanOrEqualTo(killAt));
      Thread.sleep(random.nextInt(1_500));
      long committedAtKill = committed.count();
      int exit = sluice.kill();
      progress(
          "SIGKILLed Sluice (exit %d) with %d records committed, %d of %d files written",
          exit, committedAtKill, writer.filesWritten.get(), FILES);
      assertThat(committedAtKill).as(diagnosis()).isLessThan(EXPECTED_ROWS);

      start();
      progress("Sluice restarted");
      assertThat(sluice.log())
          .as("the restarted Sluice resumes the run from a checkpoint by itself\n%s", diagnosis())
          .containsPattern("Resuming run " + runId + " of pipeline .* from s3://");
      awaitRunState(runId, "running");
      progress("the run is running again");
    }
  }

  /**
   * Waits until the committed count has held at {@value #EXPECTED_ROWS} for 3 s; fails at once when
   * it goes beyond (duplicates), saying how many distinct ids there are.
   */
  void awaitExactlyTheExpectedCount(Committed committed, Committed distinct) throws Exception {
    try {
      await("all expected records, and no more, committed")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .during(Duration.ofSeconds(3))
          .failFast(
              "more records than expected: duplicates", () -> committed.count() > EXPECTED_ROWS)
          .untilAsserted(
              () -> assertThat(committed.count()).as(diagnosis()).isEqualTo(EXPECTED_ROWS));
    } catch (TerminalFailureException e) {
      throw new AssertionError(
          e.getMessage()
              + ": "
              + committed.count()
              + " records, "
              + distinct.count()
              + " distinct ids, "
              + EXPECTED_ROWS
              + " expected\n"
              + diagnosis(),
          e);
    }
    progress("all %d records are in", EXPECTED_ROWS);
  }

  void assertRunIsTheOnlyOneAndRunning(String pipelineId, String runId) throws Exception {
    assertThat(send("GET", "/api/runs/" + runId, null, 200).path("state").asText())
        .isEqualTo("running");
    assertThat(send("GET", "/api/pipelines/" + pipelineId + "/runs", null, 200))
        .as("the restarts resumed the one run rather than starting new ones")
        .hasSize(1);
  }

  Tally tally() {
    return new Tally();
  }

  /** Every delivered record checked against the expected ones: each once, derived values right. */
  final class Tally {
    private final BitSet seen = new BitSet(RECORDS + 1);
    private final List<String> wrong = new ArrayList<>();
    private long records;

    void add(long id, double amount, String country, long cents, String cc) {
      records++;
      String problem = problemWith(id, amount, country, cents, cc);
      if (problem == null && seen.get((int) id)) {
        problem = "twice";
      }
      if (problem != null) {
        addProblem("id " + id + ": " + problem);
      }
      if (id > 0 && id <= RECORDS) {
        seen.set((int) id);
      }
    }

    /** A delivered record that could not even be read. */
    void addProblem(String problem) {
      if (wrong.size() < 20) {
        wrong.add(problem);
      }
    }

    long distinct() {
      return seen.cardinality();
    }

    void assertExactlyTheExpected() {
      List<Long> missing = new ArrayList<>();
      for (long id = 1; id <= RECORDS && missing.size() < 20; id++) {
        if (!isFilteredOut(id) && !seen.get((int) id)) {
          missing.add(id);
        }
      }
      assertThat(wrong).as("unexpected records (first 20)\n%s", diagnosis()).isEmpty();
      assertThat(missing).as("missing ids (first 20)\n%s", diagnosis()).isEmpty();
      assertThat(records).as("records delivered\n%s", diagnosis()).isEqualTo(EXPECTED_ROWS);
    }
  }

  private static String problemWith(long id, double amount, String country, long cents, String cc) {
    if (id < 1 || id > RECORDS) {
      return "not an id that was written";
    }
    if (isFilteredOut(id)) {
      return "should have been filtered out";
    }
    if (amount != amountOf(id)
        || !countryOf(id).equals(country)
        || cents != centsOf(id)
        || !countryOf(id).toUpperCase(Locale.ROOT).equals(cc)) {
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

  /**
   * Writes {@value #FILES} CSV files of {@value #LINES_PER_FILE} records into the watched
   * directory, one every {@code FILE_EVERY}, each under a hidden name first and then renamed. Every
   * {@value #FILTERED_EVERY}th record has a negative amount and must be filtered out.
   */
  InputWriter startWriter() {
    return startWriter(this::writeFile);
  }

  /** Like {@link #startWriter()}, handing each batch of CSV records to {@code output}. */
  InputWriter startWriter(Output output) {
    InputWriter writer = new InputWriter(output);
    writer.thread.start();
    return writer;
  }

  /** Where the writer puts one batch ("file") of records, each a CSV line id,amount,country. */
  @FunctionalInterface
  interface Output {
    void write(int batch, List<String> records) throws Exception;
  }

  /** A CSV file with a header, written under a hidden name and renamed when complete. */
  private void writeFile(int file, List<String> records) throws IOException {
    String name = "orders-%04d.csv".formatted(file);
    Path hidden = inbox.resolve("." + name + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(hidden, StandardCharsets.UTF_8)) {
      out.write("id,amount,country\n");
      for (String record : records) {
        out.write(record);
        out.write('\n');
      }
    }
    Files.move(hidden, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  final class InputWriter implements Runnable {
    final AtomicInteger filesWritten = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this, "csv-writer");
    private final Output output;
    private volatile boolean stop;

    InputWriter(Output output) {
      this.output = output;
    }

    @Override
    public void run() {
      try {
        for (int file = 0; file < FILES && !stop; file++) {
          List<String> records = new ArrayList<>(LINES_PER_FILE);
          for (long id = (long) file * LINES_PER_FILE + 1;
              id <= (long) (file + 1) * LINES_PER_FILE;
              id++) {
            records.add(id + "," + amountOf(id) + "," + countryOf(id));
          }
          output.write(file, records);
          if (filesWritten.incrementAndGet() % 50 == 0) {
            progress("%d files written", filesWritten.get());
          }
          Thread.sleep(FILE_EVERY.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.set(e);
      } catch (Exception e) {
        failure.set(e);
      }
    }

    /** Waits for the writer to write every file. */
    void awaitDone() throws InterruptedException {
      thread.join(TimeUnit.MINUTES.toMillis(3));
      progress("the writer is done");
      assertThat(failure.get()).as("writer failure").isNull();
      assertThat(filesWritten.get()).isEqualTo(FILES);
    }

    /** Stops the writer early (when the test failed) and waits for it. */
    void stop() throws InterruptedException {
      stop = true;
      thread.join(TimeUnit.MINUTES.toMillis(1));
    }
  }

  void progress(String format, Object... args) {
    System.out.printf(
        "[%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, String.format(format, args));
  }

  void awaitRunState(String runId, String state) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await("run " + runId + " to be " + state)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              last.set(send("GET", "/api/runs/" + runId, null, 200));
              assertThat(last.get().path("state").asText())
                  .as("%s\n%s", last.get(), diagnosis())
                  .isEqualTo(state);
            });
  }

  JsonNode send(String method, String path, String body, int status) throws Exception {
    HttpRequest request =
        sluice
            .authorize(HttpRequest.newBuilder(URI.create(sluice.baseUrl() + path)))
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

  /** The seed and the output of every Sluice process so far, the newest last. */
  String diagnosis() {
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

  /** Keeps the output of every Sluice process in target/sluice-logs for a look after the fact. */
  private void saveLogs(String testName) throws IOException {
    String prefix = testName + "-";
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

  static String quote(String text) {
    return JSON.valueToTree(text).toString();
  }
}
