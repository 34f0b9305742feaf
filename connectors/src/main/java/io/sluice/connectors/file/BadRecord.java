package io.sluice.connectors.file;

import java.util.Objects;

/**
 * A record a node could not read or convert: it goes to the dead-letter instead of being dropped or
 * stopping the job.
 *
 * <pre>{@code
 * new BadRecord(null, "/data/in/orders-1.csv:17", "17,abc", "Column 'amount': 'abc' is not a long")
 * }</pre>
 *
 * @param nodeId the pipeline node that rejected the record; {@code null} until the executor sets it
 *     with {@link #withNodeId}, since a source does not know which node it is
 * @param source where the record came from: for a file {@code <absolute path>:<line>}, for a filter
 *     or derive the node its input comes from
 * @param raw the record as it was read (for a record longer than the reader's limit, its start);
 *     for a filter or derive, its fields as a JSON object
 * @param reason why it was rejected, for a person to read
 */
public record BadRecord(String nodeId, String source, String raw, String reason) {

  public BadRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(reason, "reason");
  }

  public BadRecord withNodeId(String nodeId) {
    return new BadRecord(nodeId, source, raw, reason);
  }
}
