package io.sluice.connectors.file;

/** How the files of a directory are laid out. */
public enum FileFormat {
  /** Delimited text, read as {@link CsvOptions} say. */
  CSV,
  /** One JSON object per line (<a href="https://jsonlines.org">JSON Lines</a>), UTF-8. */
  JSON_LINES
}
