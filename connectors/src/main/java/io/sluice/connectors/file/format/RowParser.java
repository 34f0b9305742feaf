package io.sluice.connectors.file.format;

/**
 * Reads one record's text into a row of the schema. Never throws for bad input: a user's mistake is
 * a {@link ParseResult.Bad}. Not thread-safe; one per reader.
 */
@FunctionalInterface
public interface RowParser {
  ParseResult parse(String record);

  /**
   * Reads a CSV record whose values the reader has already found; the same result as {@link
   * #parse(String)} of its text, which is what parsers that do not split CSV get.
   */
  default ParseResult parse(CsvFields record) {
    return parse(record.text());
  }
}
