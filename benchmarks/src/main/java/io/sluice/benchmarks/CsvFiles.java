package io.sluice.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The input of the copy benchmark: {@code rows} records with ids 1..rows spread evenly over {@code
 * files} CSV files with a header line, deterministic for a given size.
 *
 * <pre>{@code
 * id,name,amount,qty,country
 * 1,customer-1,4417.31,12,DE
 * 7,"Smith, ""J."" 7",18.05,3,FR
 * }</pre>
 *
 * <p>Every seventh name is quoted and holds a delimiter and an escaped quote, so that both loaders
 * do real CSV parsing. A directory that already holds the files of the same size is reused.
 */
final class CsvFiles {
  static final String HEADER = "id,name,amount,qty,country";

  /** The field declarations of the Sluice file-directory node that reads these files. */
  static final List<String> SLUICE_FIELDS =
      List.of("id: long", "name: string", "amount: double", "qty: long", "country: string");

  /** The table both loaders fill; Sluice would create the same one from the fields above. */
  static final String COLUMNS =
      "id bigint, name text, amount double precision, qty bigint, country text";

  private static final String[] COUNTRIES = {
    "DE", "FR", "NL", "BE", "AT", "CH", "IT", "ES", "PT", "PL",
    "CZ", "SE", "NO", "DK", "FI", "IE", "GB", "US", "CA", "JP"
  };
  private static final String DONE_MARKER = ".complete";

  private CsvFiles() {}

  /**
   * Writes the files into {@code dir} unless it already holds them, and returns them in order.
   * Files are written under a hidden name and renamed, so a half-written set is never reused.
   */
  static List<Path> ensure(Path dir, long rows, int files) throws IOException {
    if (rows < 1 || files < 1 || files > rows) {
      throw new IllegalArgumentException(
          "need 1 <= files <= rows, got rows=" + rows + ", files=" + files);
    }
    Path marker = dir.resolve(DONE_MARKER);
    String expected = rows + " rows in " + files + " files\n";
    if (Files.exists(marker) && Files.readString(marker).equals(expected)) {
      return list(dir);
    }
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.list(dir)) {
        for (Path p : (Iterable<Path>) old::iterator) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    StringBuilder line = new StringBuilder(64);
    for (int f = 0; f < files; f++) {
      long first = f * rows / files + 1;
      long last = (f + 1) * rows / files;
      Path tmp = dir.resolve(".part-" + f + ".tmp");
      SplittableRandom random = new SplittableRandom(first);
      try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        out.write(HEADER);
        out.write('\n');
        for (long id = first; id <= last; id++) {
          line.setLength(0);
          appendRow(line, id, random);
          out.append(line);
        }
      }
      Files.move(tmp, dir.resolve(fileName(f)), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.writeString(marker, expected);
    return list(dir);
  }

  static String fileName(int index) {
    return String.format(Locale.ROOT, "part-%05d.csv", index);
  }

  static void appendRow(StringBuilder out, long id, SplittableRandom random) {
    out.append(id).append(',');
    if (id % 7 == 0) {
      out.append("\"Smith, \"\"J.\"\" ").append(id).append('"');
    } else {
      out.append("customer-").append(id);
    }
    long cents = random.nextLong(1_000_000);
    out.append(',').append(cents / 100).append('.');
    long fraction = cents % 100;
    if (fraction < 10) {
      out.append('0');
    }
    out.append(fraction);
    out.append(',').append(random.nextInt(1, 100));
    out.append(',').append(COUNTRIES[random.nextInt(COUNTRIES.length)]);
    out.append('\n');
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      List<Path> csv = new ArrayList<>();
      all.filter(p -> p.getFileName().toString().endsWith(".csv"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(csv::add);
      return csv;
    }
  }
}
