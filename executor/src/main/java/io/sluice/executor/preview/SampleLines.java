package io.sluice.executor.preview;

import io.sluice.connectors.file.enumerator.DirectoryScanner;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.plan.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first lines a file-directory source would read, for a preview: from the files of its
 * directory that it would pick (same pattern, same order, oldest first), or from one sample file.
 * Each line is a {@code (source, raw)} pair with the source named as the reader names it ({@code
 * /data/in/orders.csv:17}); a CSV header line is left out, since the parser finds it in the file.
 *
 * <p>Lines, not CSV records: a quoted value that spans lines is read as two records here.
 */
final class SampleLines {
  private SampleLines() {}

  /** At most {@code limit} lines of the source's directory. */
  static List<JobCompiler.Replay.Record> ofDirectory(Step.FileDirectorySource source, int limit) {
    List<FileSplit> files;
    try {
      files =
          new DirectoryScanner(Path.of(source.path()), source.pattern(), source.recursive()).scan();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PreviewException(
          source.id().value(),
          "config.path",
          "Node '"
              + source.id().value()
              + "': the directory '"
              + source.path()
              + "' does not exist.");
    } catch (IOException e) {
      throw new PreviewException(
          source.id().value(),
          "config.path",
          "Node '"
              + source.id().value()
              + "': the directory '"
              + source.path()
              + "' cannot be read: "
              + e.getMessage());
    }
    List<JobCompiler.Replay.Record> lines = new ArrayList<>();
    for (FileSplit file : files) {
      if (lines.size() >= limit) {
        break;
      }
      read(Path.of(file.path()), source, limit, lines);
    }
    return lines;
  }

  /** At most {@code limit} lines of one file. */
  static List<JobCompiler.Replay.Record> ofFile(
      Path file, Step.FileDirectorySource source, int limit) {
    List<JobCompiler.Replay.Record> lines = new ArrayList<>();
    read(file, source, limit, lines);
    return lines;
  }

  private static void read(
      Path file, Step.FileDirectorySource source, int limit, List<JobCompiler.Replay.Record> out) {
    boolean header = source.csvHeader() && source.format() == Step.FileDirectorySource.Format.CSV;
    try (BufferedReader reader = Files.newBufferedReader(file, source.charset())) {
      long number = 0;
      String line;
      while (out.size() < limit && (line = reader.readLine()) != null) {
        number++;
        if (number == 1 && header) {
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        out.add(new JobCompiler.Replay.Record(file + ":" + number, line));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new PreviewException(
          source.id().value(),
          "config.path",
          "The file '" + file + "' cannot be read as " + source.charset() + ": " + e.getMessage());
    }
  }
}
