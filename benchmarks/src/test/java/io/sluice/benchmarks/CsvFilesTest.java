package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's input: every id once, spread over the files, valid CSV; no timing here. */
class CsvFilesTest {
  @TempDir Path dir;

  @Test
  void writesEveryIdOnceSpreadOverTheFilesWithAHeader() throws Exception {
    List<Path> files = CsvFiles.ensure(dir.resolve("csv"), 1000, 7);

    assertThat(files).hasSize(7);
    assertThat(files.get(0).getFileName().toString()).isEqualTo("part-00000.csv");
    List<Long> ids = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      assertThat(lines.get(0)).isEqualTo(CsvFiles.HEADER);
      assertThat(lines.size() - 1).isBetween(1000 / 7, 1000 / 7 + 1);
      for (String line : lines.subList(1, lines.size())) {
        ids.add(Long.parseLong(line.substring(0, line.indexOf(','))));
      }
    }
    assertThat(ids).hasSize(1000).doesNotHaveDuplicates().startsWith(1L).endsWith(1000L);
  }

  @Test
  void quotesSomeNamesAndIsDeterministic() throws Exception {
    List<Path> first = CsvFiles.ensure(dir.resolve("a"), 100, 2);
    List<Path> second = CsvFiles.ensure(dir.resolve("b"), 100, 2);

    String text = Files.readString(first.get(0));
    assertThat(text).contains("\n7,\"Smith, \"\"J.\"\" 7\",");
    assertThat(text)
        .matches("(?s)id,name,amount,qty,country\n1,customer-1,\\d+\\.\\d\\d,\\d+,[A-Z]{2}\n.*");
    assertThat(text).isEqualTo(Files.readString(second.get(0)));
  }

  @Test
  void reusesACompleteDirectoryAndRewritesOneOfAnotherSize() throws Exception {
    Path csv = dir.resolve("csv");
    CsvFiles.ensure(csv, 100, 4);
    Files.writeString(csv.resolve("part-00000.csv"), "touched");

    assertThat(Files.readString(CsvFiles.ensure(csv, 100, 4).get(0))).isEqualTo("touched");
    assertThat(CsvFiles.ensure(csv, 100, 2)).hasSize(2);
    assertThat(Files.readString(csv.resolve("part-00000.csv"))).startsWith(CsvFiles.HEADER);
  }
}
