package io.sluice.connectors.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCheckTest {
  @TempDir Path tmp;

  @Test
  void aSourceDirectoryMustExistAndBeADirectory() throws Exception {
    assertThat(DirectoryCheck.readable(tmp).ok()).isTrue();
    assertThat(DirectoryCheck.readable(tmp.resolve("missing")).message())
        .isEqualTo("Directory " + tmp.resolve("missing") + " does not exist.");
    Path file = Files.writeString(tmp.resolve("a.csv"), "x");
    assertThat(DirectoryCheck.readable(file).ok()).isFalse();
  }

  @Test
  void aSinkDirectoryMayBeCreatedInsideAnExistingOne() throws Exception {
    var result = DirectoryCheck.writable(tmp.resolve("out/day"));
    assertThat(result.ok()).isTrue();
    assertThat(result.message()).contains("will be created in " + tmp);
    Path file = Files.writeString(tmp.resolve("a.csv"), "x");
    assertThat(DirectoryCheck.writable(file.resolve("sub")).ok()).isFalse();
  }

  @Test
  void aLogDirectoryListsTheFilesMatchingItsPattern() throws Exception {
    var none = DirectoryCheck.logFiles(tmp, "*.log");
    assertThat(none.ok()).isTrue();
    assertThat(none.message()).contains("no file matches *.log yet");
    Files.writeString(tmp.resolve("b.log"), "x\n");
    Files.writeString(tmp.resolve("a.log"), "x\n");
    Files.writeString(tmp.resolve("a.log.1"), "x\n");
    var two = DirectoryCheck.logFiles(tmp, "*.log");
    assertThat(two.ok()).isTrue();
    assertThat(two.message()).contains("2 file(s) match *.log");
    assertThat(two.details()).containsEntry("matchingFiles", java.util.List.of("a.log", "b.log"));
    assertThat(DirectoryCheck.logFiles(tmp.resolve("missing"), "*.log").ok()).isFalse();
  }
}
