package io.sluice.benchmarks;

import io.sluice.executor.cluster.FlinkProcessCluster;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.engine.EmbeddedEngine;
import io.sluice.executor.engine.EmbeddedEngineSettings;
import io.sluice.executor.engine.Engine;
import io.sluice.executor.engine.JobHandle;
import io.sluice.executor.engine.JobStatusView;
import io.sluice.executor.engine.RemoteEngine;
import io.sluice.executor.engine.RemoteEngineSettings;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The same pipeline (generator → filter → derive → file directory, exactly once) on the embedded
 * engine and on a local multi-process Flink cluster (a JobManager and one single-slot TaskManager
 * per parallel instance, {@link FlinkProcessCluster}); prints both throughputs and their ratio.
 *
 * <p>Arguments ({@code --name=value}, or {@code BENCH_NAME} in the environment): {@code --records}
 * (default 2000000), {@code --parallelism} (2), {@code --work-dir}
 * (benchmarks/target/remote-benchmark), {@code --timeout} in seconds per run (600).
 */
public final class RemoteBenchmark {

  private RemoteBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    long records = Long.parseLong(options.get("records"));
    int parallelism = Integer.parseInt(options.get("parallelism"));
    Path work = Path.of(options.get("work-dir")).toAbsolutePath();
    Duration timeout = Duration.ofSeconds(Long.parseLong(options.get("timeout")));
    Files.createDirectories(work);
    clean(work.resolve("out"));

    try (ObjectStore store = ObjectStore.embedded(work.resolve("s3"))) {
      double embedded;
      try (EmbeddedEngine engine =
          EmbeddedEngine.start(
              EmbeddedEngineSettings.defaults(work.resolve("flink-embedded"))
                  .withSlots(parallelism),
              store)) {
        run(engine, "warm-up-embedded", records / 5, parallelism, work, timeout);
        embedded = run(engine, "embedded", records, parallelism, work, timeout);
      }
      double remote;
      Path clusterDir = Files.createTempDirectory(work, "cluster-");
      try (FlinkProcessCluster cluster = FlinkProcessCluster.start(clusterDir, store, 1)) {
        for (int i = 0; i < parallelism; i++) {
          cluster.startTaskManager();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cluster.registeredTaskManagers().size() < parallelism) {
          if (System.nanoTime() > deadline || !cluster.jobManagerAlive()) {
            throw new IllegalStateException("the cluster did not start; logs in " + clusterDir);
          }
          Thread.sleep(250);
        }
        try (RemoteEngine engine =
            RemoteEngine.connect(RemoteEngineSettings.of(cluster.restAddress()), store)) {
          run(engine, "warm-up-remote", records / 5, parallelism, work, timeout);
          remote = run(engine, "remote", records, parallelism, work, timeout);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%n%,d records, parallelism %d, generator -> filter -> derive -> file directory%n"
              + "  embedded engine      %,12.0f records/s%n"
              + "  remote (%d TMs)       %,12.0f records/s%n"
              + "  remote / embedded    %12.2f%n",
          records,
          parallelism,
          embedded,
          parallelism,
          remote,
          remote / embedded);
    }
  }

  /** Runs the pipeline to its end; returns records per second from submit to finish. */
  private static double run(
      Engine engine, String key, long records, int parallelism, Path work, Duration timeout)
      throws InterruptedException {
    ExecutionPlan plan =
        plan(records, parallelism, work.resolve("out/" + key), work.resolve("bad"));
    JobCompiler compiler = new JobCompiler();
    long start = System.nanoTime();
    JobHandle job = engine.submit(key, compiler.forRun(plan, key, null), Optional.empty());
    long deadline = start + timeout.toNanos();
    JobStatusView status = engine.status(job);
    while (!status.state().isTerminal()) {
      if (System.nanoTime() > deadline) {
        engine.cancel(job);
        throw new IllegalStateException(key + " did not finish within " + timeout);
      }
      Thread.sleep(100);
      status = engine.status(job);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (status.state() != JobStatusView.State.FINISHED) {
      throw new IllegalStateException(key + " ended " + status);
    }
    double rate = records / seconds;
    System.out.printf(
        Locale.ROOT, "%-18s %,d records in %.1f s: %,.0f records/s%n", key, records, seconds, rate);
    return rate;
  }

  private static ExecutionPlan plan(long records, int parallelism, Path out, Path bad) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator",
            "config": {"seed": 1, "count": %d, "recordsPerSecond": 0}},
           {"id": "keep", "type": "filter", "config": {"condition": "MOD(id, 4) <> 0"}},
           {"id": "calc", "type": "derive", "config": {"fields": ["doubled = amount * 2"]}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "keep"}},
                   {"from": {"node": "keep"}, "to": {"node": "calc"}},
                   {"from": {"node": "calc"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "2s", "parallelism": %d,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(records, out, parallelism, bad);
    var read = PipelineJson.read(json);
    if (!read.problems().isEmpty()) {
      throw new IllegalStateException("benchmark pipeline is invalid: " + read.problems());
    }
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("records", "2000000");
    values.put("parallelism", "2");
    values.put("work-dir", "benchmarks/target/remote-benchmark");
    values.put("timeout", "600");
    for (String name : values.keySet().toArray(String[]::new)) {
      String env = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (env != null && !env.isBlank()) {
        values.put(name, env.trim());
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0 || !values.containsKey(arg.substring(2, eq))) {
        throw new IllegalArgumentException(
            "unknown argument '"
                + arg
                + "'; known: --"
                + String.join("=…, --", values.keySet())
                + "=…");
      }
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return values;
  }

  private static void clean(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
