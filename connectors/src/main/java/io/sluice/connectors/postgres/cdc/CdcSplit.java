package io.sluice.connectors.postgres.cdc;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split of a change source: where in the log it stands.
 *
 * @param lsn the end of the last transaction all of whose changes were emitted, or {@code 0} before
 *     the slot exists (the first start: create the slot, read the snapshot)
 * @param emittedInTransaction changes of the next transaction already emitted (that transaction
 *     arrives again, whole, after a restore, and these are skipped)
 */
public record CdcSplit(long lsn, long emittedInTransaction) implements SourceSplit {

  public static CdcSplit initial() {
    return new CdcSplit(0, 0);
  }

  public boolean started() {
    return lsn != 0;
  }

  @Override
  public String splitId() {
    return "log";
  }
}
