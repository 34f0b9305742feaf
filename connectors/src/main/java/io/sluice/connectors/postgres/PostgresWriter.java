package io.sluice.connectors.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Row;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COPYs the rows of one subtask into an open transaction and prepares it at each checkpoint.
 *
 * <p>APPEND copies straight into the table; UPSERT copies into the staging table, tagging each row
 * with the transaction and its position, and the committer merges after COMMIT PREPARED. Merging
 * here instead would deadlock: the merge waits for row locks held by this subtask's previous
 * prepared transaction, which only this task's own committer can commit.
 *
 * <p>Used by the one task thread that owns it.
 */
final class PostgresWriter
    implements CommittingSinkWriter<Row, PostgresCommittable>,
        StatefulSinkWriter<Row, PostgresWriterState> {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresWriter.class);
  private static final int FLUSH_BYTES = 256 * 1024;

  private final PostgresSinkSettings settings;
  private final int subtask;
  private final PreparedTransactions transactions;
  private final CopyEncoder encoder;
  private final String copySql;
  private final Connection connection;

  /** The tag of the next transaction: last checkpoint taken + 1. */
  private long nextTag;

  private String openGid; // null when no transaction is open
  private CopyIn copy;
  private long rowsInTransaction;

  /**
   * Records written into the open transaction, as Flink's file sink counts them: on write, not on
   * commit, so a restart counts again what it writes again (like every other count of a job).
   */
  private final Counter recordsSent;

  PostgresWriter(
      PostgresSinkSettings settings,
      int subtask,
      int parallelism,
      OptionalLong restoredCheckpoint,
      Counter recordsSent)
      throws IOException {
    this.settings = settings;
    this.recordsSent = recordsSent;
    this.subtask = subtask;
    this.transactions = new PreparedTransactions(settings.sinkId());
    long restored = restoredCheckpoint.orElse(0L);
    this.nextTag = restored + 1;
    TableName table = settings.tableName();
    boolean upsert = settings.mode() == PostgresSinkSettings.Mode.UPSERT;
    this.copySql =
        settings.mode() == PostgresSinkSettings.Mode.UPSERT
            ? "COPY "
                + table.sibling(PostgresTables.STAGE_SUFFIX).sql()
                + " ("
                + CopyEncoder.columnList(settings.schema())
                + ", "
                + PostgresTables.TXN_COLUMN
                + ", "
                + PostgresTables.ORD_COLUMN
                + ") FROM STDIN (FORMAT binary)"
            : "COPY "
                + table.sql()
                + " ("
                + CopyEncoder.columnList(settings.schema())
                + ") FROM STDIN (FORMAT binary)";
    Connection c = null;
    try {
      c = PostgresTables.connect(settings);
      if (!PostgresTables.preparedTransactionsEnabled(c)) {
        throw new IllegalStateException(
            new TableProblem.PreparedTransactionsDisabled().message()
                + " (sink "
                + settings.sinkId()
                + ")");
      }
      PostgresTables.ensureReady(c, settings);
      rollBackLingering(c, restored, parallelism);
      // Binary COPY needs each value in its column's exact type: bigint or numeric for a long.
      TableName copied = upsert ? table.sibling(PostgresTables.STAGE_SUFFIX) : table;
      this.encoder =
          new CopyEncoder(
              settings.schema(),
              CopyEncoder.kinds(settings.schema(), PostgresTables.columnTypes(c, copied)),
              upsert ? 2 : 0,
              FLUSH_BYTES + 64 * 1024);
      try (Statement s = c.createStatement()) {
        // Turns a lock wait that could never end (DDL queued behind a prepared transaction) into
        // a failure that Flink recovers from, instead of a task stuck in a socket read.
        s.execute("SET lock_timeout = '120s'");
      }
      this.connection = c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new IOException(
          "PostgreSQL sink " + settings.sinkId() + " could not start: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Transactions of this subtask prepared after the restored checkpoint belong to no checkpoint
   * that will be committed: the source replays their records, so they must go. Those up to the
   * restored checkpoint are in the committer's state and are committed by it. Subtask 0 also clears
   * subtasks that no longer exist after a scale-down.
   */
  private void rollBackLingering(Connection c, long restored, int parallelism) throws SQLException {
    for (PreparedTransactions.Lingering t : transactions.list(c)) {
      boolean mine = t.subtask() == subtask || (subtask == 0 && t.subtask() >= parallelism);
      if (mine && t.tag() > restored) {
        LOG.info(
            "Rolling back prepared transaction {} of sink {}: it is newer than the restored"
                + " checkpoint {}",
            t.gid(),
            settings.sinkId(),
            restored);
        PreparedTransactions.rollback(c, t.gid());
      }
    }
  }

  @Override
  public void write(Row row, Context context) throws IOException {
    if (openGid == null) {
      begin();
    }
    if (settings.mode() == PostgresSinkSettings.Mode.UPSERT) {
      encoder.append(row, openGid, rowsInTransaction);
    } else {
      encoder.append(row);
    }
    rowsInTransaction++;
    recordsSent.inc();
    if (encoder.size() >= FLUSH_BYTES) {
      sendBuffer();
    }
  }

  private void begin() throws IOException {
    openGid = transactions.gid(subtask, nextTag);
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN");
      }
      copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
      encoder.appendHeader();
    } catch (SQLException e) {
      throw new IOException("Could not start COPY into " + settings.table() + ": " + e, e);
    }
    rowsInTransaction = 0;
  }

  private void sendBuffer() throws IOException {
    if (encoder.size() == 0) {
      return;
    }
    try {
      copy.writeToCopy(encoder.bytes(), 0, encoder.size());
    } catch (SQLException e) {
      throw new IOException("COPY into " + settings.table() + " failed: " + e.getMessage(), e);
    }
    encoder.clear();
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    if (openGid != null) {
      sendBuffer();
    }
  }

  @Override
  public Collection<PostgresCommittable> prepareCommit() throws IOException {
    if (openGid == null) {
      return List.of();
    }
    String gid = openGid;
    try {
      encoder.appendTrailer();
      sendBuffer();
      copy.endCopy();
      copy = null;
      long xid = PreparedTransactions.currentXid(connection);
      PreparedTransactions.prepare(connection, gid);
      openGid = null;
      // Never the same gid twice, even if no snapshot follows (end of input).
      nextTag++;
      return List.of(new PostgresCommittable(gid, xid));
    } catch (SQLException e) {
      throw new IOException(
          "Could not prepare transaction " + gid + " of " + settings.table() + ": " + e, e);
    }
  }

  @Override
  public List<PostgresWriterState> snapshotState(long checkpointId) {
    nextTag = Math.max(nextTag, checkpointId + 1);
    return List.of();
  }

  @Override
  public void close() throws Exception {
    // An open, unprepared transaction dies with the session.
    if (connection != null) {
      connection.close();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }
}
