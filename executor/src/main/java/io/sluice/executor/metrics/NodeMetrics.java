package io.sluice.executor.metrics;

import java.util.Objects;

/**
 * What one pipeline node did in a run, in Sluice's words. A value is null where Flink does not
 * measure it for this node (see docs/monitoring.md): bytes only where records cross a network
 * channel, busy and back-pressured time only for nodes that own an operator.
 *
 * @param nodeId the pipeline node
 * @param kind {@code source}, {@code filter}, {@code derive} or {@code sink}
 * @param recordsIn records that reached the node (for a source: records it read, readable or not)
 * @param recordsOut records the node passed on (for a sink: records it wrote)
 * @param recordsInPerSecond the rate of {@code recordsIn} over Flink's last minute
 * @param recordsOutPerSecond the rate of {@code recordsOut} over Flink's last minute
 * @param bytesIn bytes the node's operators received over the network
 * @param bytesOut bytes the node's operators sent over the network
 * @param deadLetterRecords records the node could not read and sent to the dead-letter
 * @param skippedRecords records the node could not read and skipped by its error policy
 * @param busyMsPerSecond how busy the node's task was (0 to 1000)
 * @param backPressuredMsPerSecond how long its task waited for downstream (0 to 1000)
 * @param lagFiles for a file source: files discovered but not yet being read
 * @param lagBytes for a file source: the bytes of those files
 * @param lagRecords for a Kafka source: records in its partitions not read yet (Flink's {@code
 *     pendingRecords}, the sum over partitions of log end offset minus position), measured once a
 *     partition has been fetched from
 */
public record NodeMetrics(
    String nodeId,
    String kind,
    Long recordsIn,
    Long recordsOut,
    Double recordsInPerSecond,
    Double recordsOutPerSecond,
    Long bytesIn,
    Long bytesOut,
    Long deadLetterRecords,
    Long skippedRecords,
    Double busyMsPerSecond,
    Double backPressuredMsPerSecond,
    Long lagFiles,
    Long lagBytes,
    Long lagRecords) {

  public NodeMetrics {
    Objects.requireNonNull(nodeId);
    Objects.requireNonNull(kind);
  }
}
