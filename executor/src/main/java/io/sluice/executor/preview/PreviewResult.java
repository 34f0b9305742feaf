package io.sluice.executor.preview;

import java.util.List;

/**
 * What a preview saw: the records leaving every output port and every rejected record, each list
 * cut at the preview's limit.
 *
 * @param truncated whether the preview stopped before its sources ran out (see {@code reason})
 * @param reason why it stopped early, or null
 */
public record PreviewResult(
    List<PortSample> ports, List<DeadLetterSample> deadLetters, boolean truncated, String reason) {
  public PreviewResult {
    ports = List.copyOf(ports);
    deadLetters = List.copyOf(deadLetters);
  }

  /** A field of a port's records, with its Sluice type ({@code long}, {@code timestamp}, …). */
  public record FieldView(String name, String type) {}

  /**
   * The records of one output port.
   *
   * @param rows values in the order of {@code fields}; times and dates as ISO-8601 text, decimals
   *     as text so that no digit is lost
   * @param count how many records left the port, {@code rows} holding the first of them
   */
  public record PortSample(
      String node, String port, List<FieldView> fields, List<List<Object>> rows, long count) {
    public PortSample {
      fields = List.copyOf(fields);
      rows = List.copyOf(rows);
    }
  }

  /** A record a node rejected: where it came from, its raw text and the reason. */
  public record DeadLetterSample(String node, String source, String raw, String reason) {}
}
