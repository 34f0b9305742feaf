package io.sluice.connectors.logtail.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.logtail.LogTailSource;
import io.sluice.connectors.logtail.split.LogTailSplit;
import io.sluice.connectors.logtail.split.TrackedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Follows the files of the directory: reads what was appended to each, joins lines into events,
 * parses them, and every poll interval lists the directory to find new, renamed, copied, truncated
 * and deleted files. Runs on the fetcher thread.
 *
 * <h2>Rotation</h2>
 *
 * Each listing matches the files followed to the files there. A followed file whose inode is there
 * with its first bytes unchanged is the same file, whatever its name now (rename-and-create: the
 * old name's file is read to its end under its new name; the new file is new). A followed file
 * whose inode is gone, or holds other bytes now (truncated), is an orphan; a file with the orphan's
 * first bytes takes over its offset: that is the copy {@code copytruncate} made, and reading goes
 * on in it where the original was left. An orphan nobody takes over is forgotten, which is what
 * keeps the state to the files in the directory. A file matching the glob that is neither followed
 * nor a copy of a followed file is new: read from its beginning (or from its end, on the first
 * listing of a source told to start at the end).
 *
 * <h2>Offsets</h2>
 *
 * An event carries the offset after its last line; the emitter stores it in the split state as it
 * emits the event. Lines held back for a multi-line event are not in any offset yet, so a restore
 * reads them again. Only complete lines are read: an unterminated last line waits for its line
 * break (or is read as it is when its file is deleted).
 */
final class LogTailSplitReader implements SplitReader<LogTailRecord, LogTailSplit> {
  private static final int BATCH = 2048;
  private static final int RAW_LIMIT = LogTailSource.RAW_LIMIT;
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final LogTailSettings settings;
  private final Path directory;
  private final PathMatcher glob;
  private final Charset charset;
  private final LogEventParser parser;
  private final Pattern continuation;
  private final long pollNanos;
  private final long flushNanos;
  private final Object lock = new Object();
  private boolean wokenUp;

  private boolean assigned;
  private boolean started;
  private long nextId;
  private long nextScan;
  private final Map<Long, OpenLog> logs = new LinkedHashMap<>();
  private int added;

  LogTailSplitReader(LogTailSettings settings) {
    this.settings = settings;
    this.directory = Path.of(settings.directory());
    this.glob = FileSystems.getDefault().getPathMatcher("glob:" + settings.filePattern());
    this.charset = Charset.forName(settings.charset());
    this.parser = new LogEventParser(settings);
    String pattern = settings.multiline().continuationPattern();
    this.continuation = pattern == null ? null : Pattern.compile(pattern);
    this.pollNanos = settings.pollInterval().toNanos();
    this.flushNanos = settings.multiline().timeout().toNanos();
  }

  /** A followed file as the fetcher reads it: its tracked state, channel and unread bytes. */
  private final class OpenLog {
    TrackedLog tracked;
    boolean matches = true;
    FileChannel channel;
    byte[] buf = new byte[INITIAL_BUFFER];
    long bufStart; // file offset of buf[0]
    int len;
    int scanFrom;
    boolean skipping; // inside a line longer than the limit
    String skippedHead;
    long skipStart;
    long lastLine = System.nanoTime();
    final MultilineAssembler assembler =
        new MultilineAssembler(
            continuation, settings.multiline().maxLines(), settings.multiline().maxBytes());

    OpenLog(TrackedLog tracked) {
      this.tracked = tracked;
      this.bufStart = tracked.offset();
    }

    long readPos() {
      return bufStart + len;
    }
  }

  @Override
  public RecordsWithSplitIds<LogTailRecord> fetch() throws IOException {
    RecordsBySplits.Builder<LogTailRecord> batch = new RecordsBySplits.Builder<>();
    if (!assigned) {
      await(pollNanos);
      return batch.build();
    }
    added = 0;
    long now = System.nanoTime();
    if (now - nextScan >= 0) {
      scan(batch);
      nextScan = System.nanoTime() + pollNanos;
    }
    for (OpenLog log : List.copyOf(logs.values())) {
      if (added >= BATCH) {
        break;
      }
      read(log, batch);
    }
    now = System.nanoTime();
    for (OpenLog log : logs.values()) {
      if (log.assembler.pending() && now - log.lastLine >= flushNanos) {
        emit(log, log.assembler.flush(), batch);
      }
    }
    if (added == 0) {
      await(Math.max(1, Math.min(nextScan - System.nanoTime(), pollNanos)));
    }
    return batch.build();
  }

  private void await(long nanos) {
    synchronized (lock) {
      if (!wokenUp) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      wokenUp = false;
    }
  }

  @Override
  public void handleSplitsChanges(SplitsChange<LogTailSplit> change) {
    if (!(change instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          "Unsupported splits change " + change.getClass().getSimpleName());
    }
    for (LogTailSplit split : change.splits()) {
      assigned = true;
      started = split.started();
      nextId = split.nextId();
      split.files().forEach(f -> logs.put(f.id(), new OpenLog(f)));
      nextScan = System.nanoTime();
    }
  }

  @Override
  public void wakeUp() {
    synchronized (lock) {
      wokenUp = true;
      lock.notifyAll();
    }
  }

  @Override
  public void close() throws IOException {
    for (OpenLog log : logs.values()) {
      closeChannel(log);
    }
  }

  // ---- reading

  private void read(OpenLog log, RecordsBySplits.Builder<LogTailRecord> batch) throws IOException {
    if (log.channel == null) {
      return;
    }
    while (added < BATCH) {
      if (log.len == log.buf.length) {
        int limit = settings.multiline().maxBytes() + 1;
        if (log.buf.length < limit) {
          log.buf = java.util.Arrays.copyOf(log.buf, Math.min(limit, log.buf.length * 2));
        } else {
          overlong(log);
        }
      }
      int n;
      try {
        n =
            log.channel.read(
                ByteBuffer.wrap(log.buf, log.len, log.buf.length - log.len), log.readPos());
      } catch (IOException e) {
        closeChannel(log); // deleted under us; the next listing forgets it
        return;
      }
      if (n <= 0) {
        if (!log.matches) {
          closeChannel(log); // rotated away and read to its end: no descriptor held for it
        }
        return;
      }
      log.len += n;
      lines(log, batch);
    }
  }

  /** Splits the buffer into lines, hands them to the assembler, keeps the unterminated rest. */
  private void lines(OpenLog log, RecordsBySplits.Builder<LogTailRecord> batch) {
    byte[] buf = log.buf;
    int lineStart = 0;
    for (int i = log.scanFrom; i < log.len; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      long startOffset = log.bufStart + lineStart;
      long endOffset = log.bufStart + i + 1;
      if (log.skipping) {
        log.skipping = false;
        flushPending(log, batch);
        badLine(log, log.skipStart, endOffset, log.skippedHead, batch);
      } else {
        int end = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
        offer(
            log,
            decode(buf, lineStart, end - lineStart),
            startOffset,
            endOffset,
            end - lineStart,
            batch);
      }
      lineStart = i + 1;
    }
    if (lineStart > 0) {
      System.arraycopy(buf, lineStart, buf, 0, log.len - lineStart);
      log.bufStart += lineStart;
      log.len -= lineStart;
    }
    log.scanFrom = log.len;
  }

  /** The buffer is full and holds no line break: the line is longer than the limit. */
  private void overlong(OpenLog log) {
    if (!log.skipping) {
      log.skipping = true;
      log.skipStart = log.bufStart;
      log.skippedHead = decode(log.buf, 0, Math.min(log.len, RAW_LIMIT));
    }
    log.bufStart += log.len;
    log.len = 0;
    log.scanFrom = 0;
  }

  private void offer(
      OpenLog log,
      String line,
      long startOffset,
      long endOffset,
      int lineBytes,
      RecordsBySplits.Builder<LogTailRecord> batch) {
    log.lastLine = System.nanoTime();
    MultilineAssembler.Event event = log.assembler.offer(line, startOffset, endOffset, lineBytes);
    if (event != null) {
      emit(log, event, batch);
    }
  }

  private void flushPending(OpenLog log, RecordsBySplits.Builder<LogTailRecord> batch) {
    MultilineAssembler.Event event = log.assembler.flush();
    if (event != null) {
      emit(log, event, batch);
    }
  }

  private void emit(
      OpenLog log, MultilineAssembler.Event event, RecordsBySplits.Builder<LogTailRecord> batch) {
    String path = log.tracked.path();
    LogEventParser.Parsed parsed = parser.parse(event.text(), path);
    Either<Row, BadRecord> value =
        parsed.ok()
            ? Either.Left(parsed.row())
            : Either.Right(
                new BadRecord(
                    null,
                    path + " at byte " + event.startOffset(),
                    abbreviate(event.text()),
                    parsed.reason()));
    add(
        batch,
        new LogTailRecord.Event(log.tracked.id(), value, parsed.timestamp(), event.endOffset()));
    log.tracked = log.tracked.at(event.endOffset());
  }

  private void badLine(
      OpenLog log,
      long start,
      long end,
      String head,
      RecordsBySplits.Builder<LogTailRecord> batch) {
    BadRecord bad =
        new BadRecord(
            null,
            log.tracked.path() + " at byte " + start,
            head,
            "The line is longer than " + settings.multiline().maxBytes() + " bytes");
    add(batch, new LogTailRecord.Event(log.tracked.id(), Either.Right(bad), Long.MIN_VALUE, end));
    log.tracked = log.tracked.at(end);
  }

  private void add(RecordsBySplits.Builder<LogTailRecord> batch, LogTailRecord record) {
    batch.add(LogTailSplit.ID, record);
    added++;
  }

  private String decode(byte[] bytes, int from, int length) {
    for (int i = from; i < from + length; i++) {
      if (bytes[i] < 0) {
        return new String(bytes, from, length, charset);
      }
    }
    // ASCII: the same text in every charset accepted here, without a decoder run.
    return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
  }

  private static String abbreviate(String text) {
    return text.length() <= RAW_LIMIT ? text : text.substring(0, RAW_LIMIT);
  }

  // ---- listing and rotation

  private void scan(RecordsBySplits.Builder<LogTailRecord> batch) throws IOException {
    List<FileIdentity.Listed> listing = list();
    if (listing == null) {
      return; // no directory (yet): nothing to follow, nothing to forget
    }
    Map<String, FileIdentity.Listed> byKey = new HashMap<>();
    listing.forEach(f -> byKey.putIfAbsent(f.key(), f));
    Set<String> claimed = new HashSet<>();
    List<OpenLog> orphans = new ArrayList<>();
    Map<OpenLog, FileIdentity.Listed> same = new LinkedHashMap<>();
    for (OpenLog log : logs.values()) {
      FileIdentity.Listed f = byKey.get(log.tracked.key());
      if (f != null && f.size() >= log.readPos() && sameContent(log.tracked, f)) {
        claimed.add(f.key());
        same.put(log, f);
        follow(log, f, batch);
      } else {
        orphans.add(log);
      }
    }
    for (FileIdentity.Listed f : listing) {
      if (claimed.contains(f.key()) || f.size() == 0) {
        continue;
      }
      OpenLog origin = null;
      for (OpenLog orphan : orphans) {
        if (sameContent(orphan.tracked, f)) {
          origin = orphan;
          break;
        }
      }
      if (origin != null) {
        // A copy of a file whose own inode lost the content: continue in the copy.
        orphans.remove(origin);
        flushPending(origin, batch);
        forget(origin, batch);
        TrackedLog copy =
            origin.tracked.continuedIn(
                nextId++,
                f.path().toString(),
                f.key(),
                Math.min(origin.tracked.offset(), f.size()));
        OpenLog log = track(copy, batch);
        log.matches = matches(f.path());
        claimed.add(f.key());
        open(log, f);
        continue;
      }
      if (!matches(f.path()) || isCopyOfFollowed(f, same)) {
        continue;
      }
      int length = (int) Math.min(f.size(), FileIdentity.FINGERPRINT_BYTES);
      Long fingerprint = FileIdentity.fingerprint(f.path(), length);
      if (fingerprint == null) {
        continue; // shrank or vanished since listed
      }
      long offset = !started && settings.startAtEnd() ? lastLineEnd(f) : 0;
      OpenLog log =
          track(
              TrackedLog.seen(nextId++, f.path().toString(), f.key(), length, fingerprint, offset),
              batch);
      claimed.add(f.key());
      open(log, f);
    }
    for (OpenLog orphan : orphans) {
      // Deleted, or truncated with no copy: what was read of it is all there will be.
      if (orphan.len > 0 && !orphan.skipping && byKey.get(orphan.tracked.key()) == null) {
        int length = orphan.len;
        offer(
            orphan,
            decode(orphan.buf, 0, length),
            orphan.bufStart,
            orphan.bufStart + length,
            length,
            batch);
      }
      flushPending(orphan, batch);
      forget(orphan, batch);
    }
    if (!started) {
      started = true;
      add(batch, new LogTailRecord.Started());
    }
  }

  /** Keeps a file that is still there: its name, fingerprint and channel up to date. */
  private void follow(
      OpenLog log, FileIdentity.Listed f, RecordsBySplits.Builder<LogTailRecord> batch)
      throws IOException {
    boolean changed = false;
    if (!log.tracked.path().equals(f.path().toString())) {
      log.tracked = log.tracked.withPath(f.path().toString());
      changed = true;
    }
    int length = log.tracked.fingerprintLength();
    if (length < FileIdentity.FINGERPRINT_BYTES && f.size() > length) {
      // Grown past its fingerprint: cover more of its head, so copies and new files that share
      // a short first line are told apart.
      int longer = (int) Math.min(f.size(), FileIdentity.FINGERPRINT_BYTES);
      Long fingerprint = FileIdentity.fingerprint(f.path(), longer);
      if (fingerprint != null) {
        log.tracked = log.tracked.withFingerprint(longer, fingerprint);
        changed = true;
      }
    }
    if (changed) {
      add(batch, new LogTailRecord.Track(log.tracked));
    }
    log.matches = matches(f.path());
    if (log.channel == null && (log.matches || f.size() > log.readPos())) {
      open(log, f);
    }
  }

  private boolean isCopyOfFollowed(FileIdentity.Listed f, Map<OpenLog, FileIdentity.Listed> same) {
    for (Map.Entry<OpenLog, FileIdentity.Listed> s : same.entrySet()) {
      if (f.size() <= s.getValue().size() && sameContent(s.getKey().tracked, f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code f} starts with the bytes {@code tracked} started with: by the full fingerprint
   * when it is long enough, else by the head the file had when first seen (a copy made before the
   * fingerprint grew is shorter than it, never shorter than that head).
   */
  private static boolean sameContent(TrackedLog tracked, FileIdentity.Listed f) {
    if (f.size() >= tracked.fingerprintLength()) {
      return Long.valueOf(tracked.fingerprint())
          .equals(FileIdentity.fingerprint(f.path(), tracked.fingerprintLength()));
    }
    return f.size() >= tracked.firstLength()
        && Long.valueOf(tracked.firstFingerprint())
            .equals(FileIdentity.fingerprint(f.path(), tracked.firstLength()));
  }

  private OpenLog track(TrackedLog tracked, RecordsBySplits.Builder<LogTailRecord> batch) {
    OpenLog log = new OpenLog(tracked);
    logs.put(tracked.id(), log);
    add(batch, new LogTailRecord.Track(tracked));
    return log;
  }

  private void forget(OpenLog log, RecordsBySplits.Builder<LogTailRecord> batch)
      throws IOException {
    closeChannel(log);
    logs.remove(log.tracked.id());
    add(batch, new LogTailRecord.Forget(log.tracked.id()));
  }

  private void open(OpenLog log, FileIdentity.Listed f) {
    try {
      log.channel = FileChannel.open(f.path(), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      log.channel = null; // gone since listed; the next listing sees it
    } catch (IOException e) {
      log.channel = null;
    }
  }

  private static void closeChannel(OpenLog log) throws IOException {
    if (log.channel != null) {
      FileChannel channel = log.channel;
      log.channel = null;
      channel.close();
    }
  }

  private boolean matches(Path path) {
    return glob.matches(path.getFileName());
  }

  /** The offset after the last line break, where reading from the end starts. */
  private static long lastLineEnd(FileIdentity.Listed f) throws IOException {
    try (FileChannel channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
      long size = Math.min(f.size(), channel.size());
      ByteBuffer chunk = ByteBuffer.allocate(8192);
      for (long end = size; end > 0; ) {
        long start = Math.max(0, end - chunk.capacity());
        chunk.clear().limit((int) (end - start));
        while (chunk.hasRemaining() && channel.read(chunk, start + chunk.position()) > 0) {
          // read the whole chunk
        }
        for (int i = chunk.position() - 1; i >= 0; i--) {
          if (chunk.get(i) == '\n') {
            return start + i + 1;
          }
        }
        end = start;
      }
      return 0;
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** The regular files of the directory, by name; {@code null} when it does not exist. */
  private List<FileIdentity.Listed> list() throws IOException {
    List<FileIdentity.Listed> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (entry.getFileName().toString().startsWith(".")) {
          continue;
        }
        FileIdentity.Listed listed = FileIdentity.list(entry);
        if (listed != null) {
          files.add(listed);
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    }
    files.sort(Comparator.comparing(f -> f.path().getFileName().toString()));
    return files;
  }

  /** For tests: the ids of the files followed now. */
  Set<Long> followed() {
    return Set.copyOf(logs.keySet());
  }
}
