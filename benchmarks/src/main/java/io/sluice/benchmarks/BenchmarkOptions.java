package io.sluice.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the copy benchmark loads and how, from {@code --name=value} arguments, then {@code
 * BENCH_NAME} environment variables, then defaults.
 *
 * <table>
 *   <tr><th>argument</th><th>environment</th><th>default</th></tr>
 *   <tr><td>--rows</td><td>BENCH_ROWS</td><td>2000000</td></tr>
 *   <tr><td>--files</td><td>BENCH_FILES</td><td>40</td></tr>
 *   <tr><td>--parallelism</td><td>BENCH_PARALLELISM</td><td>1,2</td></tr>
 *   <tr><td>--checkpoint-interval</td><td>BENCH_CHECKPOINT_INTERVAL</td><td>2s</td></tr>
 *   <tr><td>--work-dir</td><td>BENCH_WORK_DIR</td><td>benchmarks/target/copy-benchmark</td></tr>
 *   <tr><td>--timeout</td><td>BENCH_TIMEOUT</td><td>15m (per load)</td></tr>
 *   <tr><td>--psql</td><td>BENCH_PSQL</td><td>psql</td></tr>
 *   <tr><td>--warm-up</td><td>BENCH_WARM_UP</td><td>true</td></tr>
 *   <tr><td>--repeat</td><td>BENCH_REPEAT</td><td>1</td></tr>
 * </table>
 */
record BenchmarkOptions(
    long rows,
    int files,
    List<Integer> parallelism,
    String checkpointInterval,
    Path workDir,
    Duration timeout,
    String psql,
    boolean warmUp,
    int repeat) {

  private static final Map<String, String> DEFAULTS = defaults();

  BenchmarkOptions {
    if (rows < 1) {
      throw new IllegalArgumentException("--rows must be at least 1, was " + rows);
    }
    if (files < 1 || files > rows) {
      throw new IllegalArgumentException(
          "--files must be between 1 and --rows (" + rows + "), was " + files);
    }
    if (parallelism.isEmpty() || parallelism.stream().anyMatch(p -> p < 1 || p > 8)) {
      throw new IllegalArgumentException(
          "--parallelism must list values between 1 and 8, was " + parallelism);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, was " + repeat);
    }
    if (!checkpointInterval.matches("\\d+(ms|s|m)")) {
      throw new IllegalArgumentException(
          "--checkpoint-interval must look like 500ms, 2s or 1m, was " + checkpointInterval);
    }
  }

  static BenchmarkOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    for (String name : DEFAULTS.keySet()) {
      String variable = "BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        values.put(name, value.trim());
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (name == null || !DEFAULTS.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown argument '" + arg + "'; known: --" + String.join("=…, --", DEFAULTS.keySet()));
      }
      values.put(name, arg.substring(eq + 1).trim());
    }
    List<Integer> parallelism = new ArrayList<>();
    for (String p : values.get("parallelism").split(",")) {
      parallelism.add(Integer.parseInt(p.trim()));
    }
    return new BenchmarkOptions(
        Long.parseLong(values.get("rows").replace("_", "")),
        Integer.parseInt(values.get("files")),
        List.copyOf(parallelism),
        values.get("checkpoint-interval"),
        Path.of(values.get("work-dir")).toAbsolutePath().normalize(),
        duration(values.get("timeout")),
        values.get("psql"),
        Boolean.parseBoolean(values.get("warm-up")),
        Integer.parseInt(values.get("repeat")));
  }

  /** The checkpoint interval as a duration. */
  Duration checkpointDuration() {
    return duration(checkpointInterval);
  }

  private static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

  private static Map<String, String> defaults() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("rows", "2000000");
    map.put("files", "40");
    map.put("parallelism", "1,2");
    map.put("checkpoint-interval", "2s");
    map.put("work-dir", "benchmarks/target/copy-benchmark");
    map.put("timeout", "15m");
    map.put("psql", "psql");
    map.put("warm-up", "true");
    map.put("repeat", "1");
    return map;
  }
}
