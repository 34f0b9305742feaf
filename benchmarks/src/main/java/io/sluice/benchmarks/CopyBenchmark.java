package io.sluice.benchmarks;

import io.sluice.server.SluiceConfig;
import io.sluice.server.SluiceRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the same CSV files into PostgreSQL with {@code psql \copy} and with a Sluice pipeline (file
 * directory → exactly-once PostgreSQL sink), in one run on one machine, and prints rows per second
 * for each and the ratio Sluice / {@code \copy}. Then checks that every table holds every row
 * exactly once. See benchmarks/README.md; run it with benchmarks/run-copy-benchmark.sh.
 */
public final class CopyBenchmark {
  private static final PrintStream OUT = System.out;

  private CopyBenchmark() {}

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CopyBenchmark.class);

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("copy benchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(options);
    } catch (Exception e) {
      // The stack trace goes to the benchmark log with Sluice's and Flink's; stderr gets the cause.
      LOG.error("copy benchmark failed", e);
      System.err.println("copy benchmark FAILED: " + e + " (details in the benchmark log)");
      System.exit(1);
    }
    // Flink and the embedded servers leave non-daemon threads behind.
    System.exit(0);
  }

  static void run(BenchmarkOptions o) throws Exception {
    Files.createDirectories(o.workDir());
    Path csvDir = o.workDir().resolve("csv-" + o.rows() + "-" + o.files());
    OUT.printf(
        Locale.ROOT,
        "Sluice copy benchmark: %,d rows in %d CSV files, Sluice parallelism %s, checkpoint"
            + " interval %s%n",
        o.rows(),
        o.files(),
        o.parallelism(),
        o.checkpointInterval());
    OUT.printf(
        Locale.ROOT,
        "machine: %d CPUs, JVM max heap %,d MB, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("java.version"));

    long t0 = System.nanoTime();
    List<Path> files = CsvFiles.ensure(csvDir, o.rows(), o.files());
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    OUT.printf(
        Locale.ROOT,
        "input: %s (%,.1f MB), ready in %.1f s%n",
        csvDir,
        bytes / 1e6,
        (System.nanoTime() - t0) / 1e9);

    Map<String, List<LoadResult>> results = new LinkedHashMap<>();
    Path pgDir = o.workDir().resolve("target-postgres");
    try (TargetDatabase target = TargetDatabase.start(pgDir)) {
      PsqlLoader psql = new PsqlLoader(o.psql(), target, o.workDir());
      OUT.println("psql client: " + psql.version());
      OUT.println(
          "target PostgreSQL: "
              + target.settings().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", ")));
      List<Integer> sessions = new ArrayList<>(List.of(1));
      o.parallelism().stream().filter(p -> p > 1).max(Integer::compare).ifPresent(sessions::add);

      Path sluiceDir = o.workDir().resolve("sluice-data");
      deleteRecursively(sluiceDir);
      long s0 = System.nanoTime();
      OUT.println("starting Sluice (catalog, embedded S3, Flink MiniCluster, REST) ...");
      // A fresh catalog each time: its admin gets a password made up for this run.
      String adminPassword = java.util.UUID.randomUUID().toString();
      try (SluiceRuntime sluice =
          SluiceRuntime.start(
              SluiceConfig.defaults(sluiceDir)
                  .withPort(0)
                  .withAuth(SluiceConfig.Auth.defaults().withAdminPassword(adminPassword)))) {
        OUT.printf(
            Locale.ROOT, "  started in %.1f s (not counted)%n", (System.nanoTime() - s0) / 1e9);
        SluiceLoader loader = new SluiceLoader(sluice.port(), target, adminPassword);
        if (o.warmUp()) {
          warmUp(o, target, loader);
        }
        for (int round = 1; round <= o.repeat(); round++) {
          if (o.repeat() > 1) {
            OUT.printf("round %d of %d%n", round, o.repeat());
          }
          List<String> tables = new ArrayList<>();
          for (int s : sessions) {
            String table = "t_copy_s" + s;
            target.createTable(table);
            target.checkpoint();
            OUT.printf("loading with psql \\copy, %d session(s) ...%n", s);
            LoadResult r = psql.load(table, files, o.rows(), s);
            OUT.printf(Locale.ROOT, "  %.2f s%n", r.seconds());
            results.computeIfAbsent(r.loader(), k -> new ArrayList<>()).add(r);
            tables.add(table);
          }
          for (int p : o.parallelism()) {
            String table = "t_sluice_p" + p;
            target.createTable(table);
            target.checkpoint();
            OUT.printf("loading with Sluice, parallelism %d ...%n", p);
            LoadResult r =
                loader.load(table, csvDir, o.rows(), p, o.checkpointDuration(), o.timeout());
            OUT.printf(
                Locale.ROOT,
                "  %.2f s; visible rows at: %s%n",
                r.seconds(),
                r.commits().stream()
                    .map(c -> String.format(Locale.ROOT, "%.1fs=%,d", c.seconds(), c.rows()))
                    .collect(Collectors.joining(" ")));
            results.computeIfAbsent(r.loader(), k -> new ArrayList<>()).add(r);
            tables.add(table);
          }
          verify(target, tables, o.rows());
        }
        OUT.println("stopping Sluice ...");
      }
      OUT.println();
      printTable(o, results);
    }
  }

  /**
   * The first job in a fresh JVM pays for class loading and JIT compilation (seconds, and the
   * second and third loads still get faster); an untimed load of up to 500,000 rows first measures
   * a Sluice that has been up for a while, as a server is.
   */
  private static void warmUp(BenchmarkOptions o, TargetDatabase target, SluiceLoader loader)
      throws Exception {
    long rows = Math.min(o.rows(), 500_000);
    Path dir = o.workDir().resolve("csv-warm-up-" + rows);
    CsvFiles.ensure(dir, rows, 5);
    target.createTable("t_warm_up");
    OUT.printf(Locale.ROOT, "warming up Sluice with %,d rows (not counted) ...%n", rows);
    LoadResult r =
        loader.load(
            "t_warm_up", dir, rows, o.parallelism().get(0), o.checkpointDuration(), o.timeout());
    OUT.printf(Locale.ROOT, "  %.2f s%n", r.seconds());
    target.execute("DROP TABLE t_warm_up");
  }

  private static void printTable(BenchmarkOptions o, Map<String, List<LoadResult>> results) {
    Map<String, LoadResult> median = new LinkedHashMap<>();
    results.forEach(
        (loader, runs) -> {
          List<LoadResult> sorted = new ArrayList<>(runs);
          sorted.sort(Comparator.comparingDouble(LoadResult::rowsPerSecond));
          median.put(loader, sorted.get(sorted.size() / 2));
        });
    LoadResult baseline = median.values().iterator().next();
    String format = "%-24s %11s %5s %8s %10s %13s %8s %8s %10s %9s %8s%n";
    if (o.repeat() > 1) {
      OUT.printf("median of %d rounds (by rows/s):%n", o.repeat());
    }
    OUT.printf(
        Locale.ROOT,
        format,
        "loader",
        "rows",
        "files",
        "seconds",
        "rows/s",
        "steady rows/s",
        "JVM cpu",
        "vs \\copy",
        "server cpu",
        "psql cpu",
        "cpu/row");
    for (LoadResult r : median.values()) {
      OUT.printf(
          Locale.ROOT,
          format,
          r.loader(),
          String.format(Locale.ROOT, "%,d", r.rows()),
          o.files(),
          String.format(Locale.ROOT, "%.2f", r.seconds()),
          String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond()),
          Double.isNaN(r.steadyRowsPerSecond())
              ? "-"
              : String.format(Locale.ROOT, "%,.0f", r.steadyRowsPerSecond()),
          String.format(Locale.ROOT, "%.1fs", r.jvmCpuSeconds()),
          String.format(Locale.ROOT, "%.2fx", r.rowsPerSecond() / baseline.rowsPerSecond()),
          String.format(Locale.ROOT, "%.1fs", r.serverCpuSeconds()),
          String.format(Locale.ROOT, "%.1fs", r.clientCpuSeconds()),
          String.format(Locale.ROOT, "%.2fus", r.totalCpuSeconds() / r.rows() * 1e6));
    }
    if (o.repeat() > 1) {
      List<LoadResult> copies = results.values().iterator().next();
      results.forEach(
          (loader, runs) -> {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < runs.size(); i++) {
              line.append(i == 0 ? "" : ", ")
                  .append(String.format(Locale.ROOT, "%,.0f", runs.get(i).rowsPerSecond()));
              if (loader.startsWith("Sluice")) {
                // The same round ran both under the same conditions: the steadier ratio.
                line.append(
                    String.format(
                        Locale.ROOT,
                        " (%.2fx, steady %s)",
                        runs.get(i).rowsPerSecond() / copies.get(i).rowsPerSecond(),
                        Double.isNaN(runs.get(i).steadyRowsPerSecond())
                            ? "-"
                            : String.format(
                                Locale.ROOT,
                                "%.2fx",
                                runs.get(i).steadyRowsPerSecond()
                                    / copies.get(i).rowsPerSecond())));
              }
            }
            OUT.printf(Locale.ROOT, "  %s, every round (rows/s): %s%n", loader, line);
          });
    }
    OUT.println(
        "seconds: until every row is committed and visible (Sluice: from the run request, so"
            + " job start-up and the last checkpoint interval are included).");
    OUT.println(
        "steady rows/s: between the first and the last commit Sluice made visible (start-up"
            + " excluded); '-' when they are less than two checkpoint intervals apart.");
    OUT.println(
        "JVM cpu: CPU time of the benchmark JVM, which holds Sluice, during the load (psql and"
            + " PostgreSQL are other processes). server cpu: CPU time of the target PostgreSQL."
            + " psql cpu: of the psql clients. cpu/row: all three per row (Sluice's catalog"
            + " database not counted); it depends far less than rows/s on the machine's load.");
    for (LoadResult r : median.values()) {
      if (r.loader().startsWith("Sluice")) {
        OUT.printf(
            Locale.ROOT,
            "RATIO %s / psql \\copy = %.2f (target >= 0.80)%n",
            r.loader(),
            r.rowsPerSecond() / baseline.rowsPerSecond());
      }
    }
    // Rows per CPU-second, Sluice over \copy: what each costs, nearly independent of the load.
    for (LoadResult r : median.values()) {
      if (r.loader().startsWith("Sluice") && !Double.isNaN(r.totalCpuSeconds())) {
        OUT.printf(
            Locale.ROOT,
            "CPU RATIO %s rows per cpu-second / psql \\copy rows per cpu-second = %.2f"
                + " (server cpu %s %.2fus/row, \\copy %.2fus/row)%n",
            r.loader(),
            baseline.totalCpuSeconds() / r.totalCpuSeconds(),
            r.loader(),
            r.serverCpuSeconds() / r.rows() * 1e6,
            baseline.serverCpuSeconds() / baseline.rows() * 1e6);
      }
    }
    // The same quotient with Sluice's steady rate: what a long load approaches, once job start-up
    // and the first checkpoint wait are spread over many rows. Printed apart, never instead.
    for (LoadResult r : median.values()) {
      if (r.loader().startsWith("Sluice") && !Double.isNaN(r.steadyRowsPerSecond())) {
        OUT.printf(
            Locale.ROOT,
            "STEADY RATIO %s steady rows/s / psql \\copy rows/s = %.2f%n",
            r.loader(),
            r.steadyRowsPerSecond() / baseline.rowsPerSecond());
      }
    }
  }

  /** Every table must hold ids 1..rows exactly once, with the same contents as the first. */
  private static void verify(TargetDatabase target, List<String> tables, long rows)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    String reference = null;
    for (String table : tables) {
      long count = target.queryLong("SELECT count(*) FROM " + table);
      long distinct = target.queryLong("SELECT count(DISTINCT id) FROM " + table);
      long min = target.queryLong("SELECT coalesce(min(id), 0) FROM " + table);
      long max = target.queryLong("SELECT coalesce(max(id), 0) FROM " + table);
      String digest =
          target.queryLong("SELECT coalesce(sum(qty), 0) FROM " + table)
              + "/"
              + target.queryLong(
                  "SELECT coalesce(sum(round(amount * 100)::bigint), 0) FROM " + table)
              + "/"
              + target.queryLong(
                  "SELECT coalesce(sum(length(name) + length(country)), 0) FROM " + table);
      if (count != rows || distinct != rows || min != 1 || max != rows) {
        problems.add(
            String.format(
                Locale.ROOT,
                "%s: %d rows, %d distinct ids in [%d, %d]; expected %d rows with ids 1..%d",
                table,
                count,
                distinct,
                min,
                max,
                rows,
                rows));
      }
      if (reference == null) {
        reference = digest;
      } else if (!reference.equals(digest)) {
        problems.add(table + ": contents differ from " + tables.get(0));
      }
    }
    List<String> prepared = target.preparedTransactions();
    if (!prepared.isEmpty()) {
      problems.add("prepared transactions left behind: " + prepared);
    }
    if (problems.isEmpty()) {
      OUT.printf(
          Locale.ROOT,
          "VERIFIED: %s each hold %,d rows, ids 1..%,d once each, same contents;"
              + " no prepared transaction left.%n",
          String.join(", ", tables),
          rows,
          rows);
    } else {
      throw new IllegalStateException("verification failed:\n  " + String.join("\n  ", problems));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
