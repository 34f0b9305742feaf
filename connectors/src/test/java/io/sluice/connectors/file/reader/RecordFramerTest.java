package io.sluice.connectors.file.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.file.CsvOptions;
import io.sluice.connectors.file.format.CsvFields;
import io.sluice.connectors.file.format.CsvRowParser;
import io.sluice.connectors.file.format.RowParser;
import io.sluice.model.schema.RecordSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordFramerTest {

  private record Framed(String text, long line, long offset, long nextOffset, long nextLine) {}

  private static List<Framed> frame(RecordFramer framer) throws IOException {
    List<Framed> records = new ArrayList<>();
    while (framer.next()) {
      records.add(
          new Framed(
              new String(Arrays.copyOf(framer.bytes(), framer.length()), StandardCharsets.UTF_8),
              framer.recordLine(),
              framer.recordOffset(),
              framer.nextOffset(),
              framer.nextLine()));
    }
    return records;
  }

  private static RecordFramer csv(String text) {
    return RecordFramer.csv(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0, 1, '"', null, ',', 100);
  }

  @Test
  void keepsLineBreaksInsideQuotesAndTracksLinesAndOffsets() throws IOException {
    List<Framed> records = frame(csv("a,\"b\nc\"\r\n\n\"x\"\"\ny\",z\nlast"));

    assertThat(records)
        .containsExactly(
            new Framed("a,\"b\nc\"", 1, 0, 9, 3),
            new Framed("\"x\"\"\ny\",z", 4, 10, 20, 6),
            new Framed("last", 6, 20, 24, 6));
  }

  @Test
  void aQuoteInsideAnUnquotedValueIsJustACharacter() throws IOException {
    assertThat(frame(csv("5\" pipe,x\nnext,y\n")))
        .extracting(Framed::text)
        .containsExactly("5\" pipe,x", "next,y");
  }

  @Test
  void resumesAtAnOffset() throws IOException {
    byte[] bytes = "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8);
    RecordFramer framer =
        RecordFramer.lines(new ByteArrayInputStream(bytes, 4, bytes.length - 4), 4, 2, 100);

    assertThat(frame(framer))
        .containsExactly(new Framed("two", 2, 4, 8, 3), new Framed("three", 3, 8, 14, 4));
  }

  @Test
  void linesModeIgnoresQuotes() throws IOException {
    RecordFramer framer =
        RecordFramer.lines(
            new ByteArrayInputStream("{\"a\":\"\"\"}\n{}\n".getBytes(StandardCharsets.UTF_8)),
            0,
            1,
            100);

    assertThat(frame(framer)).extracting(Framed::text).containsExactly("{\"a\":\"\"\"}", "{}");
  }

  @Test
  void cutsOverlongRecordsShortAndSkipsTheirRest() throws IOException {
    RecordFramer framer =
        RecordFramer.lines(
            new ByteArrayInputStream("0123456789abc\nok\n".getBytes(StandardCharsets.UTF_8)),
            0,
            1,
            10);

    assertThat(framer.next()).isTrue();
    assertThat(framer.truncated()).isTrue();
    assertThat(framer.length()).isEqualTo(10);
    assertThat(framer.next()).isTrue();
    assertThat(framer.truncated()).isFalse();
    assertThat(framer.nextLine()).isEqualTo(3);
  }

  @Test
  void findsTheSameRecordsAsTheByteRulesWhateverTheReadSizes() throws IOException {
    String[] alphabet = {"a", "b", ",", "\"", "\\", "\n", "\r", "é"};
    Random random = new Random(11);
    for (Character escape : new Character[] {null, '\\'}) {
      for (int n = 0; n < 2_000; n++) {
        StringBuilder text = new StringBuilder();
        for (int k = random.nextInt(40); k > 0; k--) {
          text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<Framed> expected = byTheRules(bytes, escape == null ? -1 : escape, 8);
        for (int chunk : new int[] {1, 3, 1 << 16}) {
          RecordFramer framer =
              RecordFramer.csv(new ChunkedInput(bytes, chunk), 0, 1, '"', escape, ',', 8);
          assertThat(frame(framer)).as("%s in reads of %d", text, chunk).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void findsTheValuesOfPlainAsciiRecordsAcrossReadBoundaries() throws IOException {
    String text =
        "1,\"a\"\"b\",c\r\n" // CRLF, a doubled quote
            + "2,\"x\ny\",z\n" // a line break inside quotes: not plain
            + "3,\"\",\r\n" // an empty quoted value and an empty last value
            + "4,é,w\n" // not ASCII: decoded as a whole
            + "\n\r\n"
            + "5,\"tail,\"\"\"";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int chunk : new int[] {1, 2, 3, 1 << 16}) {
      RecordFramer framer =
          RecordFramer.csv(new ChunkedInput(bytes, chunk), 0, 1, '"', null, ',', 100);
      List<List<String>> values = new ArrayList<>();
      while (framer.next()) {
        CsvFields fields = framer.plainFields();
        List<String> record = new ArrayList<>();
        if (fields == null) {
          record.add("not plain");
        } else {
          for (int i = 0; i < fields.count(); i++) {
            record.add(fields.value(i));
          }
        }
        values.add(record);
      }
      assertThat(values)
          .as("reads of %d bytes", chunk)
          .containsExactly(
              List.of("1", "a\"b", "c"),
              List.of("not plain"),
              List.of("3", "", ""),
              List.of("not plain"),
              List.of("5", "tail,\""));
    }
  }

  @Test
  void plainValuesParseAsTheDecodedTextDoesWhateverTheReadSizes() throws IOException {
    RecordSchema three =
        RecordSchema.parse(List.of("a: string", "b: string", "c: string")).schema();
    String[] alphabet = {"a", "b", ",", ";", "\"", "\\", "\n", "\r", "é", " "};
    Random random = new Random(7);
    for (CsvOptions options :
        List.of(
            CsvOptions.defaults(),
            CsvOptions.defaults().withEscape('\\'),
            CsvOptions.defaults().withDelimiter(';').withNullString("b"))) {
      CsvRowParser csv = new CsvRowParser(options, three);
      List<RowParser> parsers = List.of(csv.positional(), csv.withHeader("c,a,b"));
      int plain = 0;
      for (int n = 0; n < 3_000; n++) {
        StringBuilder text = new StringBuilder();
        for (int k = random.nextInt(60); k > 0; k--) {
          text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 3, 1 << 16}) {
          RecordFramer framer =
              RecordFramer.csv(
                  new ChunkedInput(bytes, chunk),
                  0,
                  1,
                  options.quote(),
                  options.escape(),
                  options.delimiter(),
                  100);
          while (framer.next()) {
            CsvFields fields = framer.plainFields();
            if (fields == null) {
              continue;
            }
            plain++;
            String record =
                new String(Arrays.copyOf(framer.bytes(), framer.length()), StandardCharsets.UTF_8);
            assertThat(fields.text()).isEqualTo(record);
            for (RowParser parser : parsers) {
              assertThat(parser.parse(fields))
                  .as("%s with %s in reads of %d", record, options, chunk)
                  .isEqualTo(parser.parse(record));
            }
          }
        }
      }
      assertThat(plain).as("plain records with %s", options).isGreaterThan(1_000);
    }
  }

  /** The framing rules one byte at a time, as the class comment states them. */
  private static List<Framed> byTheRules(byte[] in, int escape, int max) {
    List<Framed> records = new ArrayList<>();
    byte[] record = new byte[in.length];
    int length = 0;
    boolean truncated = false;
    boolean inQuotes = false;
    boolean fieldStart = true;
    boolean afterClosingQuote = false;
    boolean escaped = false;
    long line = 1;
    long recordLine = 1;
    long recordOffset = 0;
    for (int i = 0; i <= in.length; i++) {
      int b = i < in.length ? in[i] & 0xFF : -2;
      boolean end = b == -2 || (b == '\n' && !inQuotes && !escaped);
      if (b == '\n') {
        line++;
      }
      if (end) {
        if (b == '\n' && length > 0 && record[length - 1] == '\r') {
          length--;
        }
        if (length > 0 || truncated) {
          records.add(
              new Framed(
                  new String(record, 0, length, StandardCharsets.UTF_8),
                  recordLine,
                  recordOffset,
                  Math.min(i + 1, in.length),
                  line));
        }
        if (b == -2) {
          break;
        }
        length = 0;
        truncated = false;
        recordOffset = i + 1;
        recordLine = line;
        inQuotes = false;
        fieldStart = true;
        afterClosingQuote = false;
        escaped = false;
        continue;
      }
      if (length == max) {
        truncated = true;
      } else {
        record[length++] = (byte) b;
      }
      if (escaped) {
        escaped = false;
        fieldStart = false;
      } else if (b == escape) {
        escaped = true;
        afterClosingQuote = false;
      } else if (b == '"') {
        if (inQuotes) {
          inQuotes = false;
          afterClosingQuote = true;
        } else if (fieldStart || afterClosingQuote) {
          inQuotes = true;
          afterClosingQuote = false;
        }
        fieldStart = false;
      } else {
        afterClosingQuote = false;
        fieldStart = !inQuotes && b == ',';
      }
    }
    return records;
  }

  /** Hands out at most {@code chunk} bytes per read. */
  private static final class ChunkedInput extends InputStream {
    private final byte[] bytes;
    private final int chunk;
    private int position;

    ChunkedInput(byte[] bytes, int chunk) {
      this.bytes = bytes;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
