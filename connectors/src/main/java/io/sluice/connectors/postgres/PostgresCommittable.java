package io.sluice.connectors.postgres;

import java.util.Objects;

/**
 * A prepared transaction that holds one writer subtask's rows of one checkpoint, handed from the
 * writer to the committer (and kept in the committer's checkpointed state until committed).
 *
 * @param gid the prepared transaction's id, {@code <sinkId>-<subtask>-<tag>}
 * @param xid the transaction's id ({@code pg_current_xact_id()}), which tells after the fact
 *     whether a transaction that is no longer prepared was committed or rolled back
 */
public record PostgresCommittable(String gid, long xid) {
  public PostgresCommittable {
    Objects.requireNonNull(gid, "gid");
  }
}
