package io.sluice.connectors.postgres.incremental;

import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split of an incremental source: the offset of the last row emitted, as the text
 * PostgreSQL gave for each offset column, or empty before the first row.
 */
public record IncrementalSplit(List<String> offset) implements SourceSplit {

  public IncrementalSplit {
    offset = List.copyOf(offset);
  }

  public static IncrementalSplit initial() {
    return new IncrementalSplit(List.of());
  }

  @Override
  public String splitId() {
    return "offset";
  }
}
