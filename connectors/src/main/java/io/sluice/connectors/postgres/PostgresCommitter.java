package io.sluice.connectors.postgres;

import io.sluice.model.schema.Field;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the prepared transactions of completed checkpoints, again after a restore (idempotent),
 * and for UPSERT merges the committed staging rows into the table.
 *
 * <p>Used by the one task thread that owns it.
 */
final class PostgresCommitter implements Committer<PostgresCommittable> {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresCommitter.class);

  private final PostgresSinkSettings settings;
  private final String mergeSql;
  private final String clearStageSql;
  private Connection connection;

  PostgresCommitter(PostgresSinkSettings settings) {
    this.settings = settings;
    TableName table = settings.tableName();
    TableName stage = table.sibling(PostgresTables.STAGE_SUFFIX);
    List<String> keys = settings.keyFields().stream().map(TableName::quote).toList();
    String columns = CopyEncoder.columnList(settings.schema());
    List<String> updates =
        settings.schema().fields().stream()
            .map(Field::name)
            .filter(n -> !settings.keyFields().contains(n))
            .map(TableName::quote)
            .map(c -> c + " = EXCLUDED." + c)
            .toList();
    // DISTINCT ON keeps the last write of each key: ON CONFLICT cannot touch a row twice.
    this.mergeSql =
        "INSERT INTO "
            + table.sql()
            + " ("
            + columns
            + ") SELECT DISTINCT ON ("
            + String.join(", ", keys)
            + ") "
            + columns
            + " FROM "
            + stage.sql()
            + " WHERE "
            + PostgresTables.TXN_COLUMN
            + " = ? ORDER BY "
            + String.join(", ", keys)
            + ", "
            + PostgresTables.ORD_COLUMN
            + " DESC ON CONFLICT ("
            + String.join(", ", keys)
            + ") "
            + (updates.isEmpty()
                ? "DO NOTHING"
                : "DO UPDATE SET " + updates.stream().collect(Collectors.joining(", ")));
    this.clearStageSql =
        "DELETE FROM " + stage.sql() + " WHERE " + PostgresTables.TXN_COLUMN + " = ?";
  }

  @Override
  public void commit(Collection<CommitRequest<PostgresCommittable>> requests) throws IOException {
    for (CommitRequest<PostgresCommittable> request : requests) {
      PostgresCommittable committable = request.getCommittable();
      try {
        Connection c = connection();
        if (PreparedTransactions.commit(c, committable.gid())) {
          merge(c, committable);
          continue;
        }
        // Not prepared (any more): committed before a failure, or rolled back by someone.
        String status = PreparedTransactions.status(c, committable.xid());
        if (status == null || status.equals("committed")) {
          if (status == null) {
            LOG.warn(
                "Prepared transaction {} (xid {}) is gone and too old for the server to say how"
                    + " it ended; taking it as committed",
                committable.gid(),
                committable.xid());
          }
          merge(c, committable);
          request.signalAlreadyCommitted();
        } else {
          request.signalFailedWithUnknownReason(
              new IllegalStateException(
                  "Prepared transaction "
                      + committable.gid()
                      + " of PostgreSQL sink "
                      + settings.sinkId()
                      + " is no longer prepared and its transaction "
                      + committable.xid()
                      + " is "
                      + status
                      + ": someone rolled it back (ROLLBACK PREPARED) or another run of the same"
                      + " sink id did; its rows are not in "
                      + settings.table()));
        }
      } catch (SQLException e) {
        closeConnection();
        throw new IOException(
            "Could not commit " + committable.gid() + " into " + settings.table() + ": " + e, e);
      }
    }
  }

  /** UPSERT: moves the rows of a committed transaction from the staging table; idempotent. */
  private void merge(Connection c, PostgresCommittable committable) throws SQLException {
    if (settings.mode() != PostgresSinkSettings.Mode.UPSERT) {
      return;
    }
    c.setAutoCommit(false);
    try (PreparedStatement merge = c.prepareStatement(mergeSql);
        PreparedStatement clear = c.prepareStatement(clearStageSql)) {
      merge.setString(1, committable.gid());
      merge.executeUpdate();
      clear.setString(1, committable.gid());
      clear.executeUpdate();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = PostgresTables.connect(settings);
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // reconnecting on the next commit is all that matters
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeConnection();
  }
}
