package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExactlyOnceUnderSigkillIT} with the file-directory sink in place of PostgreSQL: file
 * directory → filter → derive → JSON-lines part files, while Sluice is SIGKILLed twice mid-stream
 * and restarted on the same data directory. The sink writes each part file under a hidden name and
 * renames it when the checkpoint that covers it completes; in the end the lines of the committed
 * (non-hidden) files must be exactly the expected records, with the derived values right: none
 * missing, none twice. The hidden leftovers of the killed processes do not count: a reader skips
 * them.
 */
class ExactlyOnceFileSinkUnderSigkillIT {
  private static final String PREFIX = "orders";

  /**
   * {@code <prefix>-<uuid>-<counter>.jsonl}: Flink 2.1's FileSink names part files without the
   * subtask index (the uuid is drawn per bucket writer).
   */
  private static final Pattern COMMITTED_NAME =
      Pattern.compile(
          Pattern.quote(PREFIX)
              + "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\\d+\\.jsonl");

  @TempDir Path dataDir;
  @TempDir Path inbox;
  @TempDir Path outbox;

  private SigkillHarness harness;

  /** Lines per committed file seen so far: a committed file never changes, so count it once. */
  private final Map<Path, Long> linesPerFile = new HashMap<>();

  @BeforeEach
  void setUp() {
    harness = new SigkillHarness(dataDir, inbox);
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName());
  }

  @Test
  void everyRecordIsCommittedToFilesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    harness.start();
    harness.startRun(
        harness.createPipeline(
            "orders-to-files",
            harness.fileDirectorySource(),
            """
            {"id": "out", "type": "file-directory-sink",
             "config": {"path": %s, "format": "json-lines", "filePrefix": %s}}
            """
                .formatted(quote(outbox.toString()), quote(PREFIX))));

    harness.deliverUnderSigkills(this::committedLines, () -> readCommitted().distinct());

    SigkillHarness.Tally tally = readCommitted();
    harness.progress(
        "%d committed files; %d hidden files left by the killed processes and the running one",
        retryingRenames(this::committedFiles).size(), hiddenFiles());
    tally.assertExactlyTheExpected();
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    linesPerFile.clear();
    assertThat(committedLines())
        .as("committed lines after a SIGTERM stop\n%s", harness.diagnosis())
        .isEqualTo(harness.expected());
  }

  /** The lines in the committed files now; new files are counted, known ones remembered. */
  private long committedLines() throws Exception {
    return retryingRenames(
        () -> {
          long lines = 0;
          for (Path file : committedFiles()) {
            Long known = linesPerFile.get(file);
            if (known == null) {
              known = countNewlines(Files.readAllBytes(file));
              linesPerFile.put(file, known);
            }
            lines += known;
          }
          return lines;
        });
  }

  /** Reads every line of every committed file into a tally of the records delivered. */
  private SigkillHarness.Tally readCommitted() throws Exception {
    return retryingRenames(
        () -> {
          SigkillHarness.Tally tally = harness.tally();
          for (Path file : committedFiles()) {
            readInto(tally, file);
          }
          return tally;
        });
  }

  private void readInto(SigkillHarness.Tally tally, Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!COMMITTED_NAME.matcher(name).matches() || !file.getParent().equals(outbox)) {
      tally.addProblem("unexpected file " + outbox.relativize(file));
    }
    tally.addJsonLines(name, Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The files a reader of the directory sees: not hidden, at any depth. */
  private List<Path> committedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(outbox)) {
      return files
          .filter(f -> !f.equals(outbox) && !isHidden(outbox.relativize(f)))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private long hiddenFiles() throws Exception {
    return retryingRenames(
        () -> {
          try (Stream<Path> files = Files.walk(outbox)) {
            return files
                .filter(f -> !f.equals(outbox) && isHidden(outbox.relativize(f)))
                .filter(Files::isRegularFile)
                .count();
          }
        });
  }

  private interface DirectoryRead<T> {
    T read() throws IOException;
  }

  /**
   * Flink renames files in the directory while it runs: a read that trips over a file renamed under
   * it ({@code NoSuchFileException}, thrown or wrapped by {@code Files.walk}) is done again.
   */
  private static <T> T retryingRenames(DirectoryRead<T> read) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.read();
      } catch (NoSuchFileException | UncheckedIOException e) {
        boolean renamed =
            e instanceof NoSuchFileException || e.getCause() instanceof NoSuchFileException;
        if (!renamed || attempt >= 20) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static long countNewlines(byte[] content) {
    long lines = 0;
    for (byte b : content) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
