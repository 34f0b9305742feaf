package io.sluice.connectors.file.reader;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.CsvOptions;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.file.FileSourceSpec;
import io.sluice.connectors.file.FileStore;
import io.sluice.connectors.file.format.CsvFields;
import io.sluice.connectors.file.format.CsvRowParser;
import io.sluice.connectors.file.format.JsonLinesRowParser;
import io.sluice.connectors.file.format.ParseResult;
import io.sluice.connectors.file.format.RowParser;
import io.sluice.connectors.file.split.FileSplit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Reads the assigned files one after another, a batch of records per fetch, each record with the
 * position after it. Runs on the fetcher thread.
 *
 * <p>With a CSV header, the header is the first non-blank record; a split restored past it reads
 * the header again from the start of the file (files are immutable), then seeks to its offset.
 */
final class FileSplitReader implements SplitReader<FileRecord, FileSplit> {
  static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;
  private static final int BATCH = 1024;
  private static final int RAW_LIMIT = 4096;

  private final FileSourceSpec settings;
  private final FileStore store;
  private final CsvRowParser csvParser;
  private final CharsetDecoder decoder;
  private final Queue<FileSplit> splits = new ArrayDeque<>();

  private FileSplit current;
  private InputStream input;
  private RecordFramer framer;
  private RowParser parser;

  FileSplitReader(FileSourceSpec settings, FileStore store) {
    this.settings = settings;
    this.store = store;
    this.csvParser =
        settings.format() == FileFormat.CSV
            ? new CsvRowParser(settings.csv(), settings.schema())
            : null;
    this.decoder =
        settings
            .charset()
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  @Override
  public RecordsWithSplitIds<FileRecord> fetch() throws IOException {
    RecordsBySplits.Builder<FileRecord> batch = new RecordsBySplits.Builder<>();
    if (current == null) {
      current = splits.poll();
      if (current == null) {
        return batch.build();
      }
      try {
        open(current);
      } catch (NoSuchFileException e) {
        // Deleted between listing and reading: say so in the dead-letter rather than fail the job.
        batch.add(
            current,
            new FileRecord(
                Either.Right(
                    new BadRecord(
                        null, current.path(), "", "The file disappeared before it was read")),
                current.offset(),
                current.line()));
        batch.addFinishedSplit(current.splitId());
        closeCurrent();
        return batch.build();
      }
    }
    for (int i = 0; i < BATCH; i++) {
      if (!framer.next()) {
        batch.addFinishedSplit(current.splitId());
        closeCurrent();
        return batch.build();
      }
      batch.add(
          current, new FileRecord(toValue(framer, parser), framer.nextOffset(), framer.nextLine()));
    }
    return batch.build();
  }

  @Override
  public void handleSplitsChanges(SplitsChange<FileSplit> change) {
    if (!(change instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          "Unsupported splits change " + change.getClass().getSimpleName());
    }
    splits.addAll(change.splits());
  }

  @Override
  public void wakeUp() {
    // fetch() never blocks for long: it reads at most one batch of one file.
  }

  @Override
  public void close() throws IOException {
    try {
      closeCurrent();
    } finally {
      store.close();
    }
  }

  private void open(FileSplit split) throws IOException {
    String path = split.path();
    if (csvParser == null) {
      parser = new JsonLinesRowParser(settings.schema());
    } else if (!settings.csv().header()) {
      parser = csvParser.positional();
    } else if (split.offset() == 0) {
      parser = null; // the first record read is the header
    } else {
      try (InputStream head = store.open(path, 0)) {
        RecordFramer headFramer = framer(head, 0, 1);
        parser = headFramer.next() ? headerParser(headFramer) : csvParser.withHeader("");
      }
    }
    input = store.open(path, split.offset());
    framer = framer(input, split.offset(), split.line());
    if (parser == null) {
      parser = framer.next() ? headerParser(framer) : csvParser.withHeader("");
    }
  }

  private RowParser headerParser(RecordFramer headFramer) {
    DecodedText header = decode(headFramer);
    return header.error() == null
        ? csvParser.withHeader(header.text())
        : record -> new ParseResult.Bad("The header line is not valid " + settings.charset());
  }

  private RecordFramer framer(InputStream in, long offset, long line) {
    if (csvParser == null) {
      return RecordFramer.lines(in, offset, line, MAX_RECORD_BYTES);
    }
    CsvOptions csv = settings.csv();
    return RecordFramer.csv(
        in, offset, line, csv.quote(), csv.escape(), csv.delimiter(), MAX_RECORD_BYTES);
  }

  private Either<Row, BadRecord> toValue(RecordFramer record, RowParser parser) {
    CsvFields fields = record.plainFields();
    if (fields != null) {
      // Values found while framing: the same result as parsing the decoded text below.
      ParseResult result = parser.parse(fields);
      if (result instanceof ParseResult.Good good) {
        return Either.Left(good.row());
      }
      return Either.Right(
          new BadRecord(null, source(record), fields.text(), ((ParseResult.Bad) result).reason()));
    }
    DecodedText decoded = decode(record);
    if (record.truncated()) {
      return Either.Right(
          new BadRecord(
              null,
              source(record),
              abbreviate(decoded.text()),
              "The record is longer than " + MAX_RECORD_BYTES + " bytes"));
    }
    if (decoded.error() != null) {
      return Either.Right(new BadRecord(null, source(record), decoded.text(), decoded.error()));
    }
    ParseResult result = parser.parse(decoded.text());
    if (result instanceof ParseResult.Good good) {
      return Either.Left(good.row());
    }
    return Either.Right(
        new BadRecord(null, source(record), decoded.text(), ((ParseResult.Bad) result).reason()));
  }

  private String source(RecordFramer record) {
    return current.path() + ":" + record.recordLine();
  }

  private record DecodedText(String text, String error) {}

  private DecodedText decode(RecordFramer record) {
    String text;
    String error = null;
    try {
      text =
          isAscii(record.bytes(), record.length())
              // The same text in every charset the reader accepts (ASCII-compatible ones), and a
              // plain copy of the bytes instead of a decoder run.
              ? new String(record.bytes(), 0, record.length(), StandardCharsets.ISO_8859_1)
              : decoder
                  .reset()
                  .decode(ByteBuffer.wrap(record.bytes(), 0, record.length()))
                  .toString();
    } catch (CharacterCodingException e) {
      text = new String(record.bytes(), 0, record.length(), settings.charset());
      error = "The record is not valid " + settings.charset().name();
    }
    if (record.recordOffset() == 0 && text.startsWith("\uFEFF")) {
      text = text.substring(1); // byte order mark
    }
    return new DecodedText(text, error);
  }

  private static boolean isAscii(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String text) {
    return text.length() <= RAW_LIMIT ? text : text.substring(0, RAW_LIMIT);
  }

  private void closeCurrent() throws IOException {
    current = null;
    framer = null;
    parser = null;
    if (input != null) {
      InputStream closing = input;
      input = null;
      closing.close();
    }
  }
}
