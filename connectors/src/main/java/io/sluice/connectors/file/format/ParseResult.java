package io.sluice.connectors.file.format;

import java.util.Objects;
import org.apache.flink.types.Row;

/** A record read into a row, or the reason it could not be. */
public sealed interface ParseResult {
  record Good(Row row) implements ParseResult {
    public Good {
      Objects.requireNonNull(row, "row");
    }
  }

  record Bad(String reason) implements ParseResult {
    public Bad {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
