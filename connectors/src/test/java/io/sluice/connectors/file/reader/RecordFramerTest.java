package io.sluice.connectors.file.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
}
