package io.sluice.connectors.file.enumerator;

import io.sluice.connectors.file.split.FileSplit;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the files of a directory that are ready to be read.
 *
 * <p>A file is skipped while it may still be written: when its name, or the name of a directory on
 * the way to it, starts with {@code .} or {@code _}, or its name ends with {@code .tmp}, {@code
 * .part}, {@code .inprogress} or {@code .crdownload} (any case). Producers should write under such
 * a name and rename the finished file, which is atomic within a file system.
 */
public final class DirectoryScanner {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryScanner.class);
  private static final List<String> TEMPORARY_SUFFIXES =
      List.of(".tmp", ".part", ".inprogress", ".crdownload");

  /** Oldest first, then by path: the order in which files are handed out. */
  public static final Comparator<FileSplit> ORDER =
      Comparator.comparingLong(FileSplit::modificationTime).thenComparing(FileSplit::path);

  private final Path directory;
  private final String glob;
  private final boolean matchWholePath;
  private final boolean recursive;

  public DirectoryScanner(Path directory, String glob, boolean recursive) {
    this.directory = directory;
    this.glob = glob;
    this.matchWholePath = glob.contains("/");
    this.recursive = recursive;
  }

  /** Whether a file or directory of this name is hidden or still being written. */
  public static boolean isIgnoredName(String name) {
    if (name.startsWith(".") || name.startsWith("_")) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return TEMPORARY_SUFFIXES.stream().anyMatch(lower::endsWith);
  }

  /** The readable files, oldest first; fails when the directory itself cannot be read. */
  public List<FileSplit> scan() throws IOException {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<FileSplit> found = new ArrayList<>();
    Files.walkFileTree(
        directory,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        recursive ? Integer.MAX_VALUE : 1,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(directory) && isIgnoredName(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()
                && !isIgnoredName(file.getFileName().toString())
                && matcher.matches(
                    matchWholePath ? directory.relativize(file) : file.getFileName())) {
              found.add(FileSplit.unread(file.toString(), attrs.lastModifiedTime().toMillis()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(directory)) {
              throw e;
            }
            if (!(e instanceof NoSuchFileException)) {
              // Unreadable entries are retried at the next listing, not fatal for the others.
              LOG.warn("Cannot read {}, skipping it in this listing", file, e);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    found.sort(ORDER);
    return found;
  }
}
