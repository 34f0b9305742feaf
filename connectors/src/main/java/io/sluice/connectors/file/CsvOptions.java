package io.sluice.connectors.file;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How CSV files are read.
 *
 * <pre>{@code
 * new CsvOptions(true, ';', '"', null, "NULL", StandardCharsets.ISO_8859_1)
 * }</pre>
 *
 * <p>The delimiter, quote and escape must be ASCII and the charset ASCII-compatible (UTF-8,
 * US-ASCII, ISO-8859-x, windows-125x...): the reader finds record boundaries and byte offsets in
 * the raw bytes, which only works when those characters are single bytes that never occur inside
 * another character. UTF-16 files are refused rather than misread.
 *
 * @param header the first non-blank line names the columns; fields are then matched by name
 *     (case-insensitive), otherwise by position
 * @param escape the escape character, or {@code null} for none (quotes are escaped by doubling)
 * @param nullString a value equal to this (after unquoting) becomes {@code null}; {@code ""} by
 *     default, so empty columns are null
 */
public record CsvOptions(
    boolean header,
    char delimiter,
    char quote,
    Character escape,
    String nullString,
    Charset charset) {

  public CsvOptions {
    nullString = nullString == null ? "" : nullString;
    charset = charset == null ? StandardCharsets.UTF_8 : charset;
    requireAsciiSymbol("delimiter", delimiter);
    requireAsciiSymbol("quote", quote);
    if (delimiter == quote) {
      throw new IllegalArgumentException("The delimiter and the quote must differ.");
    }
    if (escape != null) {
      requireAsciiSymbol("escape", escape);
      if (escape == delimiter || escape == quote) {
        throw new IllegalArgumentException(
            "The escape character must differ from the delimiter and the quote.");
      }
    }
    if (!isAsciiCompatible(charset)) {
      throw new IllegalArgumentException(
          "Charset "
              + charset.name()
              + " is not ASCII-compatible; use UTF-8, US-ASCII, ISO-8859-x or windows-125x.");
    }
  }

  /** Header line, {@code ,}, {@code "}, no escape, empty string as null, UTF-8. */
  public static CsvOptions defaults() {
    return new CsvOptions(true, ',', '"', null, "", StandardCharsets.UTF_8);
  }

  public CsvOptions withHeader(boolean header) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, charset);
  }

  public CsvOptions withDelimiter(char delimiter) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, charset);
  }

  public CsvOptions withEscape(Character escape) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, charset);
  }

  public CsvOptions withNullString(String nullString) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, charset);
  }

  public CsvOptions withCharset(Charset charset) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, charset);
  }

  private static void requireAsciiSymbol(String what, char c) {
    if (c == '\n' || c == '\r' || c == 0 || c > 127) {
      throw new IllegalArgumentException(
          "The " + what + " must be a printable ASCII character or tab, not U+" + (int) c + ".");
    }
  }

  /** Every ASCII character is the same single byte, and no other character contains them. */
  static boolean isAsciiCompatible(Charset charset) {
    Objects.requireNonNull(charset);
    if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
      return true;
    }
    if (!charset.canEncode() || charset.newEncoder().maxBytesPerChar() != 1.0f) {
      return false;
    }
    byte[] ascii = new byte[128];
    for (int i = 0; i < ascii.length; i++) {
      ascii[i] = (byte) i;
    }
    String decoded = new String(ascii, charset);
    return decoded.equals(new String(ascii, StandardCharsets.US_ASCII));
  }
}
