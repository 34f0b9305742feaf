package io.sluice.connectors.file.reader;

import io.sluice.connectors.file.format.CsvFields;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into records and keeps the byte offset and line number of each, so that a
 * reader can checkpoint the exact position of the next record.
 *
 * <p>A record ends at a line feed (a preceding carriage return is dropped); blank lines are
 * skipped. In CSV mode a line feed inside a quoted value does not end the record: a quote opens a
 * quoted value at the start of a field (or right after a closing quote, for a doubled quote) and
 * the next quote closes it; the escape character, if any, protects the byte after it. Parsing the
 * fields is left to {@code CsvRowParser}; this only has to agree with it about where records end.
 * Alongside, for a plain ASCII record (see {@link CsvFields}) it notes where each value begins and
 * ends, so that the record need not be decoded and split again ({@link #plainFields()}).
 *
 * <p>Works on bytes, so the quote, escape and delimiter must be ASCII and the charset
 * ASCII-compatible (checked by {@code CsvOptions}). A record longer than the limit is cut short and
 * flagged {@link #truncated()}; the rest of it is skipped. Not thread-safe.
 */
final class RecordFramer {
  private static final int NONE = -1;

  private final InputStream in;
  private final int quote;
  private final int escape;
  private final int delimiter;
  private final int maxRecordBytes;
  private final byte[] buffer = new byte[64 * 1024];

  /** For CSV: the bytes that end a run of bytes without meaning to the framing. */
  private final boolean[] special = new boolean[256];

  /** For CSV: the values of a plain record, found while framing it. */
  private final CsvFields fields;

  private boolean plain;
  private int nonAscii;
  private int position;
  private int limit;
  private boolean endOfInput;

  private byte[] record = new byte[1024];
  private int length;
  private boolean truncated;
  private long recordOffset;
  private long recordLine;
  private long offset;
  private long line;

  private RecordFramer(
      InputStream in,
      long offset,
      long line,
      int quote,
      int escape,
      int delimiter,
      int maxRecordBytes) {
    this.in = in;
    this.offset = offset;
    this.line = line;
    this.quote = quote;
    this.escape = escape;
    this.delimiter = delimiter;
    this.maxRecordBytes = maxRecordBytes;
    if (quote == NONE) {
      this.fields = null;
    } else {
      this.fields = new CsvFields((char) quote);
      for (int b : new int[] {'\n', '\r', quote, escape, delimiter}) {
        if (b != NONE) {
          special[b] = true;
        }
      }
    }
  }

  /** Records are lines, as in JSON lines. {@code in} must be positioned at {@code offset}. */
  static RecordFramer lines(InputStream in, long offset, long line, int maxRecordBytes) {
    return new RecordFramer(in, offset, line, NONE, NONE, NONE, maxRecordBytes);
  }

  /** Records are CSV records, which may span lines inside quotes. */
  static RecordFramer csv(
      InputStream in,
      long offset,
      long line,
      char quote,
      Character escape,
      char delimiter,
      int maxRecordBytes) {
    return new RecordFramer(
        in, offset, line, quote, escape == null ? NONE : escape, delimiter, maxRecordBytes);
  }

  /** Moves to the next non-blank record; {@code false} at the end of the input. */
  boolean next() throws IOException {
    length = 0;
    truncated = false;
    recordOffset = offset;
    recordLine = line;
    boolean inQuotes = false;
    boolean fieldStart = true;
    boolean afterClosingQuote = false;
    boolean escaped = false;
    // What CsvFields needs, on the side of the framing rules above; none of it changes them.
    plain = fields != null;
    nonAscii = 0;
    int fieldBegin = 0;
    boolean fieldQuoted = false;
    boolean fieldDoubled = false;
    boolean pendingCr = false;
    if (plain) {
      fields.clear();
    }
    while (true) {
      if (position == limit && !fill()) {
        if (plain) {
          // An unclosed quote, or a carriage return that no line feed follows: not plain.
          plain = !inQuotes && !pendingCr;
          endField(fieldBegin, length, fieldQuoted, fieldDoubled);
        }
        return length > 0 || truncated;
      }
      if (!escaped) {
        // Bytes that are none of line feed, quote, escape and delimiter (nor, for CSV, carriage
        // return) change nothing but the record: copy a run of them at once instead of going
        // through the rules byte by byte.
        int run = plainRun();
        if (run > 0) {
          if (afterClosingQuote || pendingCr) {
            plain = false; // text after a closing quote or a carriage return
            pendingCr = false;
          }
          appendRun(position, run);
          position += run;
          offset += run;
          fieldStart = false;
          afterClosingQuote = false;
          continue;
        }
      }
      int b = buffer[position++] & 0xFF;
      offset++;
      if (b == '\n') {
        line++;
        if (!inQuotes && !escaped) {
          if (length > 0 && record[length - 1] == '\r') {
            length--;
          }
          if (length > 0 || truncated) {
            if (plain) {
              endField(fieldBegin, length, fieldQuoted, fieldDoubled);
            }
            return true;
          }
          recordOffset = offset;
          recordLine = line;
          fieldStart = true;
          afterClosingQuote = false;
          plain = fields != null;
          nonAscii = 0;
          fieldBegin = 0;
          fieldQuoted = false;
          fieldDoubled = false;
          pendingCr = false;
          continue;
        }
        plain = false; // a line break inside quotes (or escaped)
      } else if (pendingCr) {
        plain = false;
        pendingCr = false;
      }
      append(b);
      if (quote == NONE) {
        continue;
      }
      if (escaped) {
        escaped = false;
        fieldStart = false;
      } else if (b == escape) {
        escaped = true;
        afterClosingQuote = false;
        plain = false;
      } else if (b == quote) {
        if (inQuotes) {
          inQuotes = false;
          afterClosingQuote = true;
        } else if (fieldStart) {
          inQuotes = true;
          fieldBegin = length;
          fieldQuoted = true;
        } else if (afterClosingQuote) {
          inQuotes = true;
          afterClosingQuote = false;
          fieldDoubled = true;
        } else {
          plain = false; // a quote inside an unquoted value
        }
        fieldStart = false;
      } else {
        afterClosingQuote = false;
        fieldStart = !inQuotes && b == delimiter;
        if (fieldStart) {
          if (plain) {
            endField(fieldBegin, length - 1, fieldQuoted, fieldDoubled);
          }
          fieldBegin = length;
          fieldQuoted = false;
          fieldDoubled = false;
        } else if (b == '\r') {
          if (inQuotes) {
            plain = false;
          } else {
            pendingCr = true;
          }
        }
      }
    }
  }

  /**
   * Adds the value that ends (exclusive) at record byte {@code end}: after the opening quote and
   * before the closing one if it is quoted.
   */
  private void endField(int begin, int end, boolean quoted, boolean doubled) {
    fields.add(begin, quoted ? end - 1 : end, doubled);
  }

  /**
   * The values of the current record if it is plain and ASCII (see {@link CsvFields}), else {@code
   * null}: then the record's text must be decoded and parsed as a whole.
   */
  CsvFields plainFields() {
    if (!plain || truncated || nonAscii != 0) {
      return null;
    }
    fields.finish(record, length);
    return fields;
  }

  byte[] bytes() {
    return record;
  }

  int length() {
    return length;
  }

  /** Whether the record was longer than the limit and only its start is in {@link #bytes()}. */
  boolean truncated() {
    return truncated;
  }

  long recordOffset() {
    return recordOffset;
  }

  long recordLine() {
    return recordLine;
  }

  /** The byte offset just after the current record: where reading resumes. */
  long nextOffset() {
    return offset;
  }

  long nextLine() {
    return line;
  }

  /** The number of bytes from {@link #position} that are none of the special bytes. */
  private int plainRun() {
    byte[] buf = buffer;
    int p = position;
    int end = limit;
    if (quote == NONE) {
      while (p < end && buf[p] != '\n') {
        p++;
      }
    } else {
      boolean[] stops = special;
      int bits = 0;
      while (p < end) {
        int b = buf[p];
        if (stops[b & 0xFF]) {
          break;
        }
        bits |= b;
        p++;
      }
      nonAscii |= bits & 0x80;
    }
    return p - position;
  }

  private void appendRun(int from, int count) {
    int room = maxRecordBytes - length;
    if (count > room) {
      truncated = true;
      count = room;
    }
    if (length + count > record.length) {
      record =
          Arrays.copyOf(
              record, Math.min(maxRecordBytes, Math.max(record.length * 2, length + count)));
    }
    System.arraycopy(buffer, from, record, length, count);
    length += count;
  }

  private void append(int b) {
    if (length == maxRecordBytes) {
      truncated = true;
      return;
    }
    if (length == record.length) {
      record = Arrays.copyOf(record, Math.min(maxRecordBytes, record.length * 2));
    }
    record[length++] = (byte) b;
  }

  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int read = in.read(buffer);
    if (read <= 0) {
      endOfInput = true;
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }
}
