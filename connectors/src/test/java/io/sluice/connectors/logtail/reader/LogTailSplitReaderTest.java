package io.sluice.connectors.logtail.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.logtail.split.LogTailSplit;
import io.sluice.connectors.logtail.split.LogTailSplitState;
import io.sluice.model.logtail.LogTailSchema.LogFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher over real files in a temporary directory, driven fetch by fetch. */
class LogTailSplitReaderTest {
  @TempDir Path dir;

  private LogTailSplitReader reader;
  private LogTailSplitState state;
  private final List<String> events = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }

  private LogTailSettings settings(
      String glob, boolean atEnd, LogTailSettings.Multiline multiline) {
    return new LogTailSettings(
        dir.toString(),
        glob,
        atEnd,
        Duration.ofMillis(20),
        multiline,
        LogFormat.TEXT,
        null,
        List.of(),
        List.of(),
        null,
        "auto",
        null,
        "UTF-8");
  }

  private void start(LogTailSettings settings, LogTailSplit split) {
    reader = new LogTailSplitReader(settings);
    state = new LogTailSplitState(split);
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
  }

  private void start(String glob) {
    start(settings(glob, false, LogTailSettings.Multiline.NONE), LogTailSplit.fresh());
  }

  /** One fetch, applied to the state the way the emitter does. */
  private void pump() {
    try {
      RecordsWithSplitIds<LogTailRecord> batch = reader.fetch();
      while (batch.nextSplit() != null) {
        LogTailRecord r;
        while ((r = batch.nextRecordFromSplit()) != null) {
          if (r instanceof LogTailRecord.Event e) {
            events.add(
                e.value().isLeft()
                    ? (String) e.value().left().getField(0)
                    : "BAD " + e.value().right().reason());
            state.advance(e.fileId(), e.nextOffset());
          } else if (r instanceof LogTailRecord.Track t) {
            state.track(t.file());
          } else if (r instanceof LogTailRecord.Forget f) {
            state.forget(f.fileId());
          } else {
            state.started();
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Pumps until {@code expected} arrived, then a few polls more: nothing else may come. */
  private void expect(List<String> expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              pump();
              return events.size() >= expected.size();
            });
    for (int i = 0; i < 5; i++) {
      pump();
    }
    assertThat(events).containsExactlyElementsOf(expected);
  }

  /** Like {@link #expect}, in any order: files are read side by side. */
  private void expectInAnyOrder(List<String> expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              pump();
              return events.size() >= expected.size();
            });
    for (int i = 0; i < 5; i++) {
      pump();
    }
    assertThat(events).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static List<String> lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).toList();
  }

  private static void append(Path file, List<String> lines) throws IOException {
    Files.writeString(
        file,
        String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private Path log(String name) {
    return dir.resolve(name);
  }

  @Test
  void readsLinesAsTheyAreAppendedAndWaitsForTheLineBreak() throws IOException {
    start("*.log");
    Files.writeString(log("app.log"), "first\nsecond\r\nthird without break");
    expect(List.of("first", "second"));
    Files.writeString(log("app.log"), " yet\n", StandardOpenOption.APPEND);
    expect(List.of("first", "second", "third without break yet"));
  }

  @Test
  void renameAndCreateLosesAndRepeatsNothing() throws IOException {
    start("app.log");
    append(log("app.log"), lines(1, 50));
    expect(lines(1, 50));
    append(log("app.log"), lines(51, 60));
    Files.move(log("app.log"), log("app.log.1"));
    // The writer still holds the old file for a moment, then opens the new one.
    append(log("app.log.1"), lines(61, 65));
    append(log("app.log"), lines(66, 80));
    expectInAnyOrder(lines(1, 80));
    assertThat(state.toSplit().files()).hasSize(2);
  }

  @Test
  void copytruncateLosesAndRepeatsNothing() throws IOException {
    start("app.log");
    append(log("app.log"), lines(1, 50));
    expect(lines(1, 50));
    append(log("app.log"), lines(51, 60)); // not read yet when the copy is made
    Files.copy(log("app.log"), log("app.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
    truncate(log("app.log"));
    append(log("app.log"), lines(61, 70));
    expectInAnyOrder(lines(1, 70));
  }

  @Test
  void aCopyListedBeforeTheTruncationIsNotReadTwice() throws IOException {
    start("app.log*");
    append(log("app.log"), lines(1, 20));
    expect(lines(1, 20));
    append(log("app.log"), lines(21, 30));
    Files.copy(log("app.log"), log("app.log.1"));
    expect(lines(1, 30)); // listed while both exist: the copy is known as the same content
    append(log("app.log"), lines(31, 35)); // written after the copy: in the original only
    expect(lines(1, 35));
    truncate(log("app.log"));
    append(log("app.log"), lines(36, 40));
    expectInAnyOrder(lines(1, 40));
  }

  @Test
  void aFileTruncatedAndRewrittenIsReadFromItsStart() throws IOException {
    start("*.log");
    append(log("a.log"), List.of("old one", "old two", "old three"));
    expect(List.of("old one", "old two", "old three"));
    truncate(log("a.log"));
    append(log("a.log"), List.of("new"));
    expect(List.of("old one", "old two", "old three", "new"));
  }

  @Test
  void startingAtTheEndReadsOnlyWhatIsAppendedAndNewFilesWhole() throws IOException {
    append(log("a.log"), lines(1, 10));
    Files.writeString(log("a.log"), "partial", StandardOpenOption.APPEND);
    start(settings("*.log", true, LogTailSettings.Multiline.NONE), LogTailSplit.fresh());
    pump();
    Files.writeString(log("a.log"), " line\n", StandardOpenOption.APPEND);
    expect(List.of("partial line"));
    append(log("b.log"), List.of("b1", "b2"));
    expect(List.of("partial line", "b1", "b2"));
  }

  @Test
  void deletedFilesLeaveTheState() throws IOException {
    start("*.log*");
    for (int i = 1; i <= 5; i++) {
      append(log("app.log"), List.of("day " + i));
      expect(IntStream.rangeClosed(1, i).mapToObj(d -> "day " + d).toList());
      Files.move(log("app.log"), log("app.log." + i));
      if (i > 2) {
        Files.delete(log("app.log." + (i - 2))); // keep two rotated files, like logrotate
      }
    }
    await()
        .until(
            () -> {
              pump();
              return state.toSplit().files().size() == 2;
            });
    assertThat(state.toSplit().files())
        .extracting(f -> Path.of(f.path()).getFileName().toString())
        .containsExactlyInAnyOrder("app.log.4", "app.log.5");
  }

  @Test
  void aRestoredReaderGoesOnAtTheStateOffsetsIncludingHeldBackLines() throws IOException {
    var multiline = new LogTailSettings.Multiline("^\\s", 100, 1 << 20, Duration.ofMinutes(5));
    start(settings("*.log", false, multiline), LogTailSplit.fresh());
    append(log("app.log"), List.of("one", "two", "  two continued"));
    expect(List.of("one")); // two is held back: its event may go on
    LogTailSplit checkpoint = state.toSplit();
    reader.close();
    events.clear();

    start(settings("*.log", false, multiline), checkpoint);
    append(log("app.log"), List.of("  two more", "three"));
    expect(List.of("two\n  two continued\n  two more"));
  }

  @Test
  void heldBackEventsComeOutAfterTheFlushTimeout() throws IOException {
    var multiline =
        new LogTailSettings.Multiline("^(\\s|at |Caused by:)", 100, 1 << 20, Duration.ofMillis(50));
    start(settings("*.log", false, multiline), LogTailSplit.fresh());
    append(
        log("app.log"),
        List.of(
            "ERROR boom",
            "java.lang.IllegalStateException: x",
            "\tat a.B.c(B.java:1)",
            "Caused by: y",
            "\t... 3 more"));
    expect(
        List.of(
            "ERROR boom",
            "java.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)\nCaused by: y\n\t... 3 more"));
  }

  @Test
  void aLineLongerThanTheLimitIsABadRecordAndReadingGoesOn() throws IOException {
    var multiline = new LogTailSettings.Multiline(null, 1, 1024, Duration.ofSeconds(1));
    start(settings("*.log", false, multiline), LogTailSplit.fresh());
    append(log("app.log"), List.of("short", "x".repeat(300_000), "after"));
    expect(List.of("short", "BAD The line is longer than 1024 bytes", "after"));
  }

  private static void truncate(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
  }
}
