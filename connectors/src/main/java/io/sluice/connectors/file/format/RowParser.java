package io.sluice.connectors.file.format;

/**
 * Reads one record's text into a row of the schema. Never throws for bad input: a user's mistake is
 * a {@link ParseResult.Bad}. Not thread-safe; one per reader.
 */
@FunctionalInterface
public interface RowParser {
  ParseResult parse(String record);
}
