package io.sluice.connectors.file.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The values of one plain, ASCII-only CSV record as ranges of its bytes, found while the reader
 * frames the record, so that the record's text need not be built and split again. "Plain" is what
 * {@link CsvRowParser} splits directly (unquoted values without quote, escape or carriage return,
 * and quoted values on one line whose only quotes inside are doubled, followed by a delimiter or
 * the end); anything else is read from the text as before. ASCII is the same in every charset the
 * reader accepts, so each value is the bytes read as ISO-8859-1 (a plain copy).
 *
 * <p>Filled by the reader: {@link #clear}, then {@link #add} for each value in order, then {@link
 * #finish} with the record's bytes. Valid until the next record. Not thread-safe.
 */
public final class CsvFields {

  private final byte quote;
  private byte[] bytes = new byte[0];
  private int length;
  private int count;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] doubledQuotes = new boolean[16];

  public CsvFields(char quote) {
    this.quote = (byte) quote;
  }

  public void clear() {
    count = 0;
  }

  /**
   * A value: bytes {@code [start, end)} of the record, without the surrounding quotes of a quoted
   * value; {@code doubledQuotes} if it holds doubled quotes, each of which stands for one quote.
   */
  public void add(int start, int end, boolean doubledQuotes) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      this.doubledQuotes = Arrays.copyOf(this.doubledQuotes, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    this.doubledQuotes[count] = doubledQuotes;
    count++;
  }

  /** The record's bytes, of which the values are ranges. */
  public void finish(byte[] bytes, int length) {
    this.bytes = bytes;
    this.length = length;
  }

  public int count() {
    return count;
  }

  public String value(int i) {
    int start = starts[i];
    int end = ends[i];
    if (!doubledQuotes[i]) {
      return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
    byte[] unquoted = new byte[end - start];
    int n = 0;
    for (int k = start; k < end; k++) {
      unquoted[n++] = bytes[k];
      if (bytes[k] == quote) {
        k++; // the second quote of a pair
      }
    }
    return new String(unquoted, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** The whole record as text, for a bad record's raw value. */
  public String text() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
