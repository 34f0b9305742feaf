package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.TerminalFailureException;

/**
 * What the exactly-once fault tests share: the input (batches of CSV records arriving over time,
 * content a function of the id: files dropped into a directory unless a test feeds them elsewhere),
 * the pipeline around its source and sinks (source → filter → derive → sinks), Sluice started,
 * SIGKILLed and restarted on one data directory, and the verdict that every expected record arrived
 * once with its derived values right. A test brings the source and sink nodes, where the batches
 * go, and a way to count and read what the sink committed:
 *
 * <pre>{@code
 * harness.start();
 * harness.startRun(harness.createPipeline("orders", harness.fileDirectorySource(), sinkNode));
 * harness.deliverUnderSigkills(target::count, target::distinct);
 * SigkillHarness.Tally tally = harness.tally();
 * // add every record the target holds to the tally
 * tally.assertExactlyTheExpected();
 * }</pre>
 */
final class SigkillHarness {
  static final ObjectMapper JSON = new ObjectMapper();

  static final int FILTERED_EVERY = 101;
  private static final String[] COUNTRIES = {"de", "fr", "us", "jp", "br", "nz", "ke"};

  /**
   * One kill per window, once a random share of the expected rows within it is committed. With the
   * {@link Input#LONG} writer taking about 90 s and Sluice restarting in 20 to 45 s (2 cores),
   * files are still arriving at both kills; with {@link Input#SHORT} the second kill may land while
   * the restarted pipeline catches up with a backlog instead.
   */
  private static final double[][] KILL_WINDOWS = {{0.15, 0.30}, {0.50, 0.70}};

  /**
   * The share of the batches written on schedule; the rest only once the last kill is done, so that
   * records are still arriving after it whatever the sink's commit rhythm (a sink committing a
   * restarted pipeline's whole backlog in one checkpoint would otherwise be done before the second
   * kill with {@link Input#SHORT}).
   */
  private static final double HELD_BACK_AFTER = 0.80;

  /**
   * How much input there is and how fast it arrives: {@code batches} batches ("files") of {@code
   * perBatch} records with ids 1, 2, 3, …, one batch every {@code every}. Every {@value
   * #FILTERED_EVERY}th record has a negative amount and must be filtered out.
   */
  record Input(int batches, int perBatch, Duration every) {
    /** A million records over about 80 s: the first tests, with room for two kills mid-stream. */
    static final Input LONG = new Input(200, 5_000, Duration.ofMillis(400));

    /** 160,000 records over about 20 s: for the connectors whose tests must stay short. */
    static final Input SHORT = new Input(40, 4_000, Duration.ofMillis(500));

    int records() {
      return batches * perBatch;
    }

    /** The records that pass the filter, each of which must arrive exactly once. */
    int expected() {
      return records() - records() / FILTERED_EVERY;
    }
  }

  /** How many records the sink has committed so far, as a reader of the target sees them. */
  @FunctionalInterface
  interface Committed {
    long count() throws Exception;
  }

  private final List<SluiceProcess> processes = new ArrayList<>();
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);
  private final long began = System.nanoTime();
  private final Path dataDir;
  private final Path inbox;
  private final Input input;
  private SluiceProcess sluice;
  private String pipelineId;
  private String runId;

  /** A harness for {@link Input#LONG}. */
  SigkillHarness(Path dataDir, Path inbox) {
    this(dataDir, inbox, Input.LONG);
  }

  /**
   * A harness whose Sluice keeps its data in {@code dataDir}, whose default writer drops CSV files
   * into {@code inbox}, and whose input is {@code input}.
   */
  SigkillHarness(Path dataDir, Path inbox, Input input) {
    this.dataDir = dataDir;
    this.inbox = inbox;
    this.input = input;
  }

  Input input() {
    return input;
  }

  /** The number of records that must arrive, each once. */
  int expected() {
    return input.expected();
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
   * Stops the Sluice still running (or the catalog server a killed one left), saves the logs, and
   * then closes the test's {@code services} in order, each even when what came before failed.
   */
  void close(String testName, AutoCloseable... services) throws Exception {
    try {
      if (sluice != null && sluice.isAlive()) {
        sluice.stop();
      } else {
        // A killed Sluice whose successor never started leaves its catalog's server running.
        stopOrphanedCatalogServer();
      }
    } finally {
      saveLogs(testName);
      closeInOrder(services, 0);
    }
  }

  private static void closeInOrder(AutoCloseable[] services, int from) throws Exception {
    if (from < services.length) {
      try {
        if (services[from] != null) {
          services[from].close();
        }
      } finally {
        closeInOrder(services, from + 1);
      }
    }
  }

  /** The file-directory source node, id {@code files}, that watches the inbox. */
  String fileDirectorySource() {
    return """
        {"id": "files", "type": "file-directory",
         "config": {"path": %s, "fields": ["id: long", "amount: double", "country: string"],
                    "discoveryInterval": "200ms"}}
        """
        .formatted(quote(inbox.toString()));
  }

  /**
   * Creates the pipeline source → keep (filter) → calc (derive) → each of the sinks, where the
   * source node has the id {@code files} and gives the fields id, amount and country, and returns
   * its id.
   */
  String createPipeline(String name, String sourceNode, String... sinkNodes) throws Exception {
    StringBuilder sinks = new StringBuilder();
    StringBuilder sinkEdges = new StringBuilder();
    for (String sinkNode : sinkNodes) {
      String sinkId = JSON.readTree(sinkNode).path("id").asText();
      sinks.append(",\n").append(sinkNode);
      sinkEdges
          .append(",\n")
          .append("{\"from\": {\"node\": \"calc\"}, \"to\": {\"node\": ")
          .append(quote(sinkId))
          .append("}}");
    }
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           %s,
           {"id": "keep", "type": "filter", "config": {"condition": "amount >= 0"}},
           {"id": "calc", "type": "derive",
            "config": {"fields": ["cents = CAST(amount * 100 AS BIGINT)", "cc = UPPER(country)"]}}
           %s],
         "edges": [
           {"from": {"node": "files"}, "to": {"node": "keep"}},
           {"from": {"node": "keep"}, "to": {"node": "calc"}}
           %s],
         "settings": {"checkpointInterval": "1s", "parallelism": 1}}
        """
            .formatted(sourceNode, sinks, sinkEdges);
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
    this.pipelineId = pipelineId;
    this.runId = run.path("id").asText();
    awaitRunState(runId, "running");
    progress("the run is running");
    return runId;
  }

  /**
   * The fault test itself, for the run {@link #startRun} started: feeds the input to {@code feed}
   * at its pace on a thread of its own, SIGKILLs Sluice twice at random moments while records are
   * committed and restarts it each time ({@link #killAndRestartWhileArriving}), waits until the
   * writer is done and until the target holds exactly the expected number of records ({@link
   * #awaitExactlyTheExpectedCount}), and checks that the restarts resumed the one run. What remains
   * for the test is to read the target and compare it with {@link #tally()}.
   *
   * @param committed how many records the target has committed so far
   * @param distinct how many distinct ids among them (for the message when there are duplicates)
   */
  void deliverUnderSigkills(Output feed, Committed committed, Committed distinct) throws Exception {
    assertThat(runId).as("a run started with startRun").isNotNull();
    InputWriter writer = startWriter(feed);
    try {
      killAndRestartWhileArriving(writer, committed);
      writer.release();
      writer.awaitDone();
      awaitExactlyTheExpectedCount(committed, distinct);
      assertRunIsTheOnlyOneAndRunning();
    } finally {
      writer.stop();
    }
  }

  /** {@link #deliverUnderSigkills(Output, Committed, Committed)} with CSV files into the inbox. */
  void deliverUnderSigkills(Committed committed, Committed distinct) throws Exception {
    deliverUnderSigkills(this::writeFile, committed, distinct);
  }

  /**
   * Once per kill window, waits until a random share of the expected records is committed, waits a
   * random 0–1.5 s more (so the kill lands anywhere in the checkpoint cycle: mid-write,
   * mid-snapshot, mid-commit), SIGKILLs Sluice, starts a new one on the same data directory and
   * checks that it resumes the run from a checkpoint by itself.
   */
  private void killAndRestartWhileArriving(InputWriter writer, Committed committed)
      throws Exception {
    for (double[] window : KILL_WINDOWS) {
      long killAt =
          (long) (expected() * (window[0] + random.nextDouble() * (window[1] - window[0])));
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
          exit, committedAtKill, writer.filesWritten.get(), input.batches());
      assertThat(committedAtKill).as(diagnosis()).isLessThan(expected());

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
   * Waits until the committed count has held at {@link #expected()} for 3 s; fails at once when it
   * goes beyond (duplicates), saying how many distinct ids there are.
   */
  private void awaitExactlyTheExpectedCount(Committed committed, Committed distinct)
      throws Exception {
    try {
      await("all expected records, and no more, committed")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .during(Duration.ofSeconds(3))
          .failFast("more records than expected: duplicates", () -> committed.count() > expected())
          .untilAsserted(() -> assertThat(committed.count()).as(diagnosis()).isEqualTo(expected()));
    } catch (TerminalFailureException e) {
      throw new AssertionError(
          e.getMessage()
              + ": "
              + committed.count()
              + " records, "
              + distinct.count()
              + " distinct ids, "
              + expected()
              + " expected\n"
              + diagnosis(),
          e);
    }
    progress("all %d records are in", expected());
  }

  private void assertRunIsTheOnlyOneAndRunning() throws Exception {
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
    private final BitSet seen = new BitSet(input.records() + 1);
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
      if (id > 0 && id <= input.records()) {
        seen.set((int) id);
      }
    }

    /**
     * Adds one record written as a JSON object with the fields id, amount, country, cents and cc
     * (the file, S3 and Kafka sinks' {@code json} format); {@code where} names it in problems.
     */
    void addJson(String where, String json) {
      JsonNode record;
      try {
        record = JSON.readTree(json);
      } catch (IOException e) {
        addProblem(where + ": not JSON: " + json);
        return;
      }
      if (!record.path("id").isIntegralNumber() || !record.path("cents").isIntegralNumber()) {
        addProblem(where + ": id or cents not a whole number: " + json);
        return;
      }
      add(
          record.path("id").asLong(),
          record.path("amount").asDouble(),
          record.path("country").asText(null),
          record.path("cents").asLong(),
          record.path("cc").asText(null));
    }

    /** Adds every line of a JSON-lines file or object named {@code name}. */
    void addJsonLines(String name, String content) {
      if (!content.isEmpty() && !content.endsWith("\n")) {
        addProblem(name + " ends in a partial line");
      }
      content.lines().forEach(line -> addJson(name, line));
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
      for (long id = 1; id <= input.records() && missing.size() < 20; id++) {
        if (!isFilteredOut(id) && !seen.get((int) id)) {
          missing.add(id);
        }
      }
      assertThat(wrong).as("unexpected records (first 20)\n%s", diagnosis()).isEmpty();
      assertThat(missing).as("missing ids (first 20)\n%s", diagnosis()).isEmpty();
      assertThat(records).as("records delivered\n%s", diagnosis()).isEqualTo(expected());
    }
  }

  private String problemWith(long id, double amount, String country, long cents, String cc) {
    if (id < 1 || id > input.records()) {
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

  /** Starts handing the batches of the input, at its pace, to {@code output}. */
  private InputWriter startWriter(Output output) {
    InputWriter writer = new InputWriter(output);
    writer.thread.start();
    return writer;
  }

  /** Where the writer puts one batch ("file") of records, each a CSV line id,amount,country. */
  @FunctionalInterface
  interface Output {
    void write(int batch, List<String> records) throws Exception;
  }

  /**
   * The default output: a CSV file with a header in the inbox, written under a hidden name and
   * renamed when complete.
   */
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

  private final class InputWriter implements Runnable {
    final AtomicInteger filesWritten = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this, "csv-writer");
    private final Output output;
    private final CountDownLatch killsDone = new CountDownLatch(1);
    private volatile boolean stop;

    InputWriter(Output output) {
      this.output = output;
    }

    @Override
    public void run() {
      try {
        int heldBack = (int) (input.batches() * HELD_BACK_AFTER);
        for (int file = 0; file < input.batches() && !stop; file++) {
          if (file == heldBack && !killsDone.await(0, TimeUnit.SECONDS)) {
            progress("%d files written; the rest once the kills are done", file);
            while (!stop && !killsDone.await(200, TimeUnit.MILLISECONDS)) {
              // waiting for release()
            }
          }
          List<String> records = new ArrayList<>(input.perBatch());
          for (long id = (long) file * input.perBatch() + 1;
              id <= (long) (file + 1) * input.perBatch();
              id++) {
            records.add(id + "," + amountOf(id) + "," + countryOf(id));
          }
          output.write(file, records);
          if (filesWritten.incrementAndGet() % 50 == 0) {
            progress("%d files written", filesWritten.get());
          }
          Thread.sleep(input.every().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.set(e);
      } catch (Exception e) {
        failure.set(e);
      }
    }

    /** Lets the writer write the batches it holds back until the kills are done. */
    void release() {
      killsDone.countDown();
    }

    /** Waits for the writer to write every file. */
    void awaitDone() throws InterruptedException {
      thread.join(TimeUnit.MINUTES.toMillis(3));
      progress("the writer is done");
      assertThat(failure.get()).as("writer failure").isNull();
      assertThat(filesWritten.get()).isEqualTo(input.batches());
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

  /**
   * {@link SluiceProcess#send} to the Sluice running now; a failure names the seed and carries the
   * output of every Sluice so far.
   */
  JsonNode send(String method, String path, String body, int status) throws Exception {
    try {
      return sluice.send(method, path, body, status);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + diagnosis(), e);
    }
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
