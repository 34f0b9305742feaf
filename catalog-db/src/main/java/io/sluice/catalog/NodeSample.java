package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One node's metrics at one moment (or over one step of a series). Values are null where they were
 * not measured.
 *
 * @param nodeId the pipeline node
 * @param at the moment; in a series, the start of the step
 * @param lagFiles for a file source, files not yet being read (a gauge: the last value of a step)
 * @param lagBytes for a file source, their bytes
 * @param lagRecords for a Kafka source, records in its partitions not read yet (a gauge too)
 */
public record NodeSample(
    String nodeId,
    Instant at,
    Long recordsIn,
    Long recordsOut,
    Double recordsInRate,
    Double recordsOutRate,
    Long bytesIn,
    Long bytesOut,
    Long deadLetter,
    Long skipped,
    Double busyMsPerS,
    Double backPressuredMsPerS,
    Long lagFiles,
    Long lagBytes,
    Long lagRecords) {

  public NodeSample {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(at, "at");
  }
}
