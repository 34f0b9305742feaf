package io.sluice.connectors.check;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Checks the directory of a file source (exists, readable) or sink (writable, or creatable). */
public final class DirectoryCheck {
  private DirectoryCheck() {}

  public static ConnectionCheckResult readable(Path dir) {
    Map<String, Object> details = Map.of("path", dir.toString());
    if (!Files.exists(dir)) {
      return ConnectionCheckResult.failed("Directory " + dir + " does not exist.", details);
    }
    if (!Files.isDirectory(dir)) {
      return ConnectionCheckResult.failed(dir + " is not a directory.", details);
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      return ConnectionCheckResult.failed(
          "Sluice may not read directory " + dir + " (check its permissions).", details);
    }
    return ConnectionCheckResult.ok("Directory " + dir + " exists and can be read.", details);
  }

  /**
   * The directory of a log tail: readable, and which files match the glob now (none is not a
   * failure, since logs may appear later, but the message says so); a matching file Sluice may not
   * read fails the check.
   */
  public static ConnectionCheckResult logFiles(Path dir, String glob) {
    ConnectionCheckResult directory = readable(dir);
    if (!directory.ok()) {
      return directory;
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<String> matching = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())) {
          matching.add(entry.getFileName().toString());
          if (!Files.isReadable(entry)) {
            unreadable.add(entry.getFileName().toString());
          }
        }
      }
    } catch (IOException e) {
      return ConnectionCheckResult.failed(
          "Directory " + dir + " cannot be listed: " + e.getMessage(),
          Map.of("path", dir.toString()));
    }
    Collections.sort(matching);
    Collections.sort(unreadable);
    Map<String, Object> details =
        Map.of("path", dir.toString(), "filePattern", glob, "matchingFiles", matching);
    if (!unreadable.isEmpty()) {
      return ConnectionCheckResult.failed(
          "Sluice may not read "
              + String.join(", ", unreadable)
              + " in "
              + dir
              + " (check their permissions).",
          details);
    }
    if (matching.isEmpty()) {
      return ConnectionCheckResult.ok(
          "Directory "
              + dir
              + " can be read; no file matches "
              + glob
              + " yet (they are read when they appear).",
          details);
    }
    return ConnectionCheckResult.ok(
        "Directory " + dir + " can be read; " + matching.size() + " file(s) match " + glob + ".",
        details);
  }

  public static ConnectionCheckResult writable(Path dir) {
    Map<String, Object> details = Map.of("path", dir.toString());
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      return ConnectionCheckResult.failed(
          (existing == null ? dir : existing) + " is not a directory.", details);
    }
    if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
      return ConnectionCheckResult.failed(
          "Sluice may not write to directory " + existing + " (check its permissions).", details);
    }
    return ConnectionCheckResult.ok(
        existing.equals(dir)
            ? "Directory " + dir + " exists and can be written to."
            : "Directory " + dir + " will be created in " + existing + ".",
        details);
  }
}
