package io.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the files with {@code psql \copy ... WITH (FORMAT csv, HEADER true)}: one psql process per
 * session, each running the {@code \copy} of its share of the files one after the other (each
 * {@code \copy} is its own transaction). Timed from starting the first process to the exit of the
 * last.
 */
final class PsqlLoader {
  private final String psql;
  private final TargetDatabase target;
  private final Path workDir;

  PsqlLoader(String psql, TargetDatabase target, Path workDir) {
    this.psql = psql;
    this.target = target;
    this.workDir = workDir;
  }

  /** The psql client's version line, or why there is none. */
  String version() {
    try {
      Process p = new ProcessBuilder(psql, "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return out;
    } catch (IOException e) {
      return "psql not runnable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  LoadResult load(String table, List<Path> files, long rows, int sessions)
      throws IOException, InterruptedException {
    List<ProcessBuilder> builders = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      StringBuilder script = new StringBuilder();
      for (int i = s; i < files.size(); i += sessions) {
        String file = files.get(i).toAbsolutePath().toString();
        if (file.contains("'")) {
          throw new IllegalArgumentException("A file path with a quote: " + file);
        }
        script
            .append("\\copy ")
            .append(table)
            .append(" (id, name, amount, qty, country) FROM '")
            .append(file)
            .append("' WITH (FORMAT csv, HEADER true)\n");
      }
      Path scriptFile = workDir.resolve(table + "-session-" + s + ".psql");
      Files.writeString(scriptFile, script);
      Path log = workDir.resolve(table + "-session-" + s + ".log");
      builders.add(
          new ProcessBuilder(
                  psql,
                  "-X",
                  "-q",
                  "-v",
                  "ON_ERROR_STOP=1",
                  "-d",
                  target.libpqConnection(),
                  "-f",
                  scriptFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile()));
    }
    List<Process> processes = new ArrayList<>();
    double cpu = LoadResult.jvmCpuNow();
    double clientCpu = ProcessCpu.waitedForChildren();
    double serverCpu = target.serverCpuSeconds();
    long start = System.nanoTime();
    for (ProcessBuilder builder : builders) {
      processes.add(builder.start());
    }
    for (int s = 0; s < processes.size(); s++) {
      int exit = processes.get(s).waitFor();
      if (exit != 0) {
        Path log = workDir.resolve(table + "-session-" + s + ".log");
        throw new IllegalStateException(
            "psql session " + s + " exited with " + exit + ":\n" + Files.readString(log));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String name = sessions == 1 ? "psql \\copy" : "psql \\copy x" + sessions + " sessions";
    return new LoadResult(
        name,
        rows,
        seconds,
        Double.NaN,
        List.of(),
        LoadResult.jvmCpuNow() - cpu,
        ProcessCpu.waitedForChildren() - clientCpu,
        target.serverCpuSeconds() - serverCpu);
  }
}
