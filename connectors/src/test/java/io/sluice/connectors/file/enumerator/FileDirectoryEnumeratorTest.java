package io.sluice.connectors.file.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.model.schema.RecordSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDirectoryEnumeratorTest {
  private static final long SECOND = 1_000;
  private static final long NOW = 1_800_000_000_000L;

  @TempDir Path dir;

  private FileDirectorySourceSettings settings(boolean bounded) {
    return new FileDirectorySourceSettings(
        dir,
        "*.csv",
        true,
        Duration.ofSeconds(1),
        FileFormat.CSV,
        null,
        RecordSchema.parse(List.of("id: long")).schema(),
        bounded,
        Duration.ofMinutes(1));
  }

  private Path write(String relative, long modifiedAt) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "id\n1\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedAt));
    return file;
  }

  /** Asks for splits the way a reader does, one after the other, until none comes. */
  private static void drain(
      FileDirectoryEnumerator enumerator, RecordingEnumeratorContext context) {
    int before;
    do {
      before = context.assigned.size();
      enumerator.handleSplitRequest(0, "localhost");
    } while (context.assigned.size() > before);
  }

  @Test
  void reportsTheFilesAndBytesDiscoveredButNotYetHandedOutAsLag() throws Exception {
    write("a.csv", NOW - 3 * SECOND);
    write("b.csv", NOW - 2 * SECOND);
    write("c.csv", NOW - SECOND);
    RecordingEnumeratorContext context = new RecordingEnumeratorContext();
    FileDirectoryEnumerator enumerator =
        new FileDirectoryEnumerator(
            context, settings(false), FileEnumeratorState.initial(), () -> NOW);
    enumerator.start();
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_FILES)).isZero();

    context.discover();
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_FILES)).isEqualTo(3);
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_BYTES)).isEqualTo(3 * 5);

    enumerator.handleSplitRequest(0, "localhost");
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_FILES)).isEqualTo(2);
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_BYTES)).isEqualTo(2 * 5);

    drain(enumerator, context);
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_FILES)).isZero();
    assertThat(context.gauge(FileDirectoryEnumerator.PENDING_BYTES)).isZero();
  }

  @Test
  void remembersOnlyTheFilesOfTheLateWindowAfterTenThousandFiles() throws Exception {
    int files = 10_000;
    for (int i = 0; i < files; i++) {
      write(String.format("d%02d/f%05d.csv", i % 10, i), NOW - (files - i) * SECOND);
    }
    RecordingEnumeratorContext context = new RecordingEnumeratorContext();
    FileDirectoryEnumerator enumerator =
        new FileDirectoryEnumerator(
            context, settings(false), FileEnumeratorState.initial(), () -> NOW);
    enumerator.start();
    context.discover();

    drain(enumerator, context);
    FileEnumeratorState state = enumerator.snapshotState(1);

    assertThat(context.assigned).hasSize(files);
    assertThat(context.assigned.stream().map(FileSplit::path).distinct()).hasSize(files);
    // One minute of grace plus one second of discovery interval, one file per second.
    assertThat(state.assigned()).hasSizeLessThanOrEqualTo(62);
    assertThat(state.returned()).isEmpty();
    assertThat(FileEnumeratorStateSerializer.INSTANCE.serialize(state).length).isLessThan(10_000);
  }

  @Test
  void aRestoredEnumeratorHandsOutEachRemainingFileOnceAndNoOldOne() throws Exception {
    for (int i = 0; i < 300; i++) {
      write("f" + (1000 + i) + ".csv", NOW - (300 - i) * SECOND);
    }
    RecordingEnumeratorContext first = new RecordingEnumeratorContext();
    FileDirectoryEnumerator before =
        new FileDirectoryEnumerator(
            first, settings(false), FileEnumeratorState.initial(), () -> NOW);
    before.start();
    first.discover();
    for (int i = 0; i < 120; i++) {
      before.handleSplitRequest(0, "localhost");
    }
    byte[] checkpoint = FileEnumeratorStateSerializer.INSTANCE.serialize(before.snapshotState(7));
    // Assigned after the checkpoint: lost with the failure, to be handed out again.
    for (int i = 0; i < 30; i++) {
      before.handleSplitRequest(0, "localhost");
    }

    RecordingEnumeratorContext second = new RecordingEnumeratorContext();
    FileDirectoryEnumerator after =
        new FileDirectoryEnumerator(
            second,
            settings(false),
            FileEnumeratorStateSerializer.INSTANCE.deserialize(1, checkpoint),
            () -> NOW);
    after.start();
    second.discover();
    drain(after, second);

    List<String> all = new ArrayList<>();
    first.assigned.subList(0, 120).forEach(split -> all.add(split.path()));
    second.assigned.forEach(split -> all.add(split.path()));
    assertThat(all).doesNotHaveDuplicates().hasSize(300);
  }

  @Test
  void picksUpALateFileInsideTheWindowButIgnoresHiddenAndTemporaryNames() throws Exception {
    write("a.csv", NOW - 10 * SECOND);
    RecordingEnumeratorContext context = new RecordingEnumeratorContext();
    FileDirectoryEnumerator enumerator =
        new FileDirectoryEnumerator(
            context, settings(false), FileEnumeratorState.initial(), () -> NOW);
    enumerator.start();
    context.discover();
    drain(enumerator, context);

    write("renamed-late.csv", NOW - 40 * SECOND);
    write("much-too-late.csv", NOW - 2 * 3600 * SECOND);
    write(".hidden.csv", NOW);
    write("_SUCCESS.csv", NOW);
    write("b.csv.tmp", NOW);
    write("c.csv.part", NOW);
    write("d.csv.inprogress", NOW);
    write("e.csv.crdownload", NOW);
    write(".staging/f.csv", NOW);
    write("notes.txt", NOW);
    context.discover();
    drain(enumerator, context);

    assertThat(context.assigned)
        .extracting(split -> dir.relativize(Path.of(split.path())).toString())
        .containsExactly("a.csv", "renamed-late.csv");
  }

  @Test
  void boundedModeSignalsTheEndOnceTheStartListingIsUsedUp() throws Exception {
    write("a.csv", NOW - SECOND);
    RecordingEnumeratorContext context = new RecordingEnumeratorContext();
    FileDirectoryEnumerator enumerator =
        new FileDirectoryEnumerator(
            context, settings(true), FileEnumeratorState.initial(), () -> NOW);
    enumerator.start();

    enumerator.handleSplitRequest(0, "localhost");
    assertThat(context.noMoreSplits).isEmpty();
    enumerator.handleSplitRequest(0, "localhost");

    assertThat(context.assigned).hasSize(1);
    assertThat(context.noMoreSplits).containsExactly(0);
  }

  @Test
  void splitsGivenBackAreCheckpointedAndHandedOutAgain() throws Exception {
    write("a.csv", NOW - SECOND);
    RecordingEnumeratorContext context = new RecordingEnumeratorContext();
    FileDirectoryEnumerator enumerator =
        new FileDirectoryEnumerator(
            context, settings(false), FileEnumeratorState.initial(), () -> NOW);
    enumerator.start();
    context.discover();
    enumerator.handleSplitRequest(0, "localhost");
    FileSplit split = context.assigned.get(0);

    enumerator.addSplitsBack(List.of(split), 0);
    FileEnumeratorState state = enumerator.snapshotState(2);
    enumerator.handleSplitRequest(0, "localhost");

    assertThat(state.returned()).containsExactly(split);
    assertThat(context.assigned).containsExactly(split, split);
  }

  @Test
  void everyRequestMadeBeforeFilesArriveIsAnsweredWhenTheyDo() throws Exception {
    RecordingEnumeratorContext context = new RecordingEnumeratorContext();
    FileDirectoryEnumerator enumerator =
        new FileDirectoryEnumerator(
            context, settings(false), FileEnumeratorState.initial(), () -> NOW);
    enumerator.start();
    // A reader asks for the file it will read and for the next one.
    enumerator.handleSplitRequest(0, "localhost");
    enumerator.handleSplitRequest(0, "localhost");
    context.discover();
    write("a.csv", NOW - 3 * SECOND);
    write("b.csv", NOW - 2 * SECOND);
    write("c.csv", NOW - SECOND);

    context.discover();

    assertThat(context.assigned)
        .extracting(split -> dir.relativize(Path.of(split.path())).toString())
        .containsExactly("a.csv", "b.csv");
  }
}
