package io.sluice.connectors.file;

import io.sluice.connectors.file.enumerator.DirectoryScanner;
import io.sluice.connectors.file.split.FileSplit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The files of a local directory, as the file-directory source reads them. */
public final class LocalDirectoryStore implements FileStore {
  private final Path directory;
  private final DirectoryScanner scanner;

  public LocalDirectoryStore(FileDirectorySourceSettings settings) {
    this.directory = settings.directory();
    this.scanner =
        new DirectoryScanner(settings.directory(), settings.glob(), settings.recursive());
  }

  @Override
  public List<FileSplit> list() throws IOException {
    return scanner.scan();
  }

  @Override
  public long remainingBytes(FileSplit split) {
    try {
      return Math.max(0, Files.size(Path.of(split.path())) - split.offset());
    } catch (IOException | RuntimeException e) {
      return 0; // gone already: nothing left to read
    }
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
    try {
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  @Override
  public String location() {
    return directory.toString();
  }
}
