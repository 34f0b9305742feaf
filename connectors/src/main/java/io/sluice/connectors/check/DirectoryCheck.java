package io.sluice.connectors.check;

import java.nio.file.Files;
import java.nio.file.Path;
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
