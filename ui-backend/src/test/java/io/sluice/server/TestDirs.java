package io.sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Data directories for servers started by tests, under target/ so that mvn clean removes them. */
final class TestDirs {
  private TestDirs() {}

  static Path fresh(String prefix) {
    try {
      Path base = Files.createDirectories(Path.of("target", "test-data"));
      return Files.createTempDirectory(base, prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config with {@code extra} directories allowed besides its own roots. */
  static SluiceConfig withRoots(SluiceConfig config, String... extra) {
    java.util.List<Path> roots = new java.util.ArrayList<>(config.protection().allowedRoots());
    for (String dir : extra) {
      roots.add(Path.of(dir));
    }
    return config.withProtection(config.protection().withAllowedRoots(roots));
  }
}
