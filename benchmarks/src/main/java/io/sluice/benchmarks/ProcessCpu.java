package io.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds used by processes other than this JVM, read from Linux's {@code /proc}: the target
 * PostgreSQL server (its postmaster, its live backends and those that have exited) and the psql
 * clients this JVM started and waited for. NaN where there is no {@code /proc}.
 *
 * <p>CPU time depends far less than wall time on what else runs on the machine, so the cost per row
 * of each loader can be compared on a busy machine too.
 */
final class ProcessCpu {

  /** Linux reports times in clock ticks of {@code USER_HZ}, 100 per second on every platform. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /**
   * The process {@code pid} with every live descendant, plus the children each of them has waited
   * for (a PostgreSQL backend that ended is counted in its postmaster).
   */
  static double tree(long pid) {
    Map<Long, List<Long>> children = new HashMap<>();
    Map<Long, long[]> stats = new HashMap<>();
    try (Stream<Path> all = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long[] stat = stat(p.resolve("stat"));
        if (stat != null) {
          long id = Long.parseLong(name);
          stats.put(id, stat);
          children.computeIfAbsent(stat[0], k -> new ArrayList<>()).add(id);
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    if (!stats.containsKey(pid)) {
      return Double.NaN;
    }
    long ticks = 0;
    Deque<Long> todo = new ArrayDeque<>(List.of(pid));
    while (!todo.isEmpty()) {
      long id = todo.pop();
      long[] stat = stats.get(id);
      if (stat != null) {
        ticks += stat[1] + stat[2] + stat[3] + stat[4];
      }
      todo.addAll(children.getOrDefault(id, List.of()));
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** The children this JVM has started and waited for (psql), all of them so far. */
  static double waitedForChildren() {
    long[] stat = stat(Path.of("/proc/self/stat"));
    return stat == null ? Double.NaN : (stat[3] + stat[4]) / TICKS_PER_SECOND;
  }

  /** {ppid, utime, stime, cutime, cstime} of a {@code /proc/<pid>/stat}, or null if it is gone. */
  private static long[] stat(Path file) {
    String line;
    try {
      line = Files.readString(file);
    } catch (IOException e) {
      return null; // the process ended while we looked
    }
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    return new long[] {
      Long.parseLong(f[1]),
      Long.parseLong(f[11]),
      Long.parseLong(f[12]),
      Long.parseLong(f[13]),
      Long.parseLong(f[14])
    };
  }
}
