package io.sluice.connectors.postgres.cdc;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.postgres.TableName;
import io.sluice.connectors.postgres.source.PgConnections;
import io.sluice.connectors.postgres.source.RowTexts;
import io.sluice.model.schema.Field;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table's changes from a logical replication slot with pgjdbc's replication API and
 * decodes pgoutput's messages itself.
 *
 * <h2>First start</h2>
 *
 * The split has no position yet: the reader makes sure the publication exists, drops a slot of its
 * name left by a start that never reached a checkpoint, and creates the slot, which exports a
 * snapshot of the moment the slot's position (its consistent point) stands for. It reads the table
 * in that snapshot and emits every row as an insert, then streams from the consistent point: every
 * change committed after the snapshot and none before. The snapshot is emitted within one {@link
 * #pollNext} call, so no checkpoint falls inside it: a failure during it restores a state from
 * before the slot existed, and the next attempt starts over.
 *
 * <h2>Streaming and checkpoints</h2>
 *
 * The split holds the end of the last transaction fully emitted and the number of changes emitted
 * of the next one. A restored reader starts the stream there; the server sends the partly emitted
 * transaction again, whole, and the reader skips the changes already emitted. The slot's position
 * is confirmed to the server (flush LSN) in {@link #notifyCheckpointComplete}, never earlier, so
 * the server keeps every change a restore may need.
 *
 * <p>Not thread-safe: Flink calls it from the task thread only, which also makes the checkpoint
 * state match the last record emitted exactly.
 */
final class CdcSourceReader implements SourceReader<Either<Row, BadRecord>, CdcSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(CdcSourceReader.class);
  private static final int MESSAGES_PER_POLL = 1000;
  private static final long IDLE_WAIT_MILLIS = 20;

  private final CdcSettings settings;
  private final List<Field> fields;
  private final TreeMap<Long, Long> positionsByCheckpoint = new TreeMap<>();
  private final Map<Integer, int[]> fieldColumns = new HashMap<>();
  private CdcSplit split;
  private Connection replication;
  private PGReplicationStream stream;
  private int tableOid;
  private long changeInTransaction;
  private long toSkip;
  private CompletableFuture<Void> available = new CompletableFuture<>();

  CdcSourceReader(CdcSettings settings) {
    this.settings = settings;
    this.fields = settings.columns().fields();
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<Either<Row, BadRecord>> output) throws Exception {
    if (split == null) {
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    if (stream == null) {
      startReading(output);
      return InputStatus.MORE_AVAILABLE;
    }
    int read = 0;
    ByteBuffer message;
    while (read < MESSAGES_PER_POLL && (message = stream.readPending()) != null) {
      handle(PgOutputMessage.decode(message), output);
      read++;
    }
    if (read == 0) {
      available =
          CompletableFuture.runAsync(
              () -> {}, CompletableFuture.delayedExecutor(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS));
      return InputStatus.NOTHING_AVAILABLE;
    }
    return InputStatus.MORE_AVAILABLE;
  }

  private void startReading(ReaderOutput<Either<Row, BadRecord>> output) throws SQLException {
    try (Connection admin =
        PgConnections.open(settings.jdbcUrl(), settings.user(), settings.password())) {
      tableOid = ReplicationSlots.tableOid(admin, settings.table());
      if (!split.started()) {
        ReplicationSlots.ensurePublication(admin, settings.publication(), settings.table());
        if (ReplicationSlots.dropSlot(admin, settings.slot())) {
          LOG.info("Dropped slot {}, left by a start that reached no checkpoint", settings.slot());
        }
        replication = openReplication();
        ReplicationSlotInfo slot =
            replication
                .unwrap(PGConnection.class)
                .getReplicationAPI()
                .createReplicationSlot()
                .logical()
                .withSlotName(settings.slot())
                .withOutputPlugin("pgoutput")
                .make();
        LOG.info(
            "Created replication slot {} at {} for {}",
            settings.slot(),
            slot.getConsistentPoint(),
            settings.table());
        if (settings.snapshot()) {
          snapshot(admin, slot.getSnapshotName(), output);
        }
        split = new CdcSplit(slot.getConsistentPoint().asLong(), 0);
      } else {
        Optional<Long> confirmed = ReplicationSlots.confirmedFlush(admin, settings.slot());
        if (confirmed.isEmpty()) {
          throw new IllegalStateException(
              "Replication slot "
                  + settings.slot()
                  + " is gone, so the changes since this checkpoint are too. Start the pipeline"
                  + " with its state reset to read the table afresh.");
        }
        if (confirmed.get() > split.lsn()) {
          throw new IllegalStateException(
              "Replication slot "
                  + settings.slot()
                  + " has confirmed "
                  + LogSequenceNumber.valueOf(confirmed.get())
                  + ", past this checkpoint's "
                  + LogSequenceNumber.valueOf(split.lsn())
                  + ": the changes in between are no longer kept. Restore the newest checkpoint,"
                  + " or start with the state reset.");
        }
        replication = openReplication();
      }
    }
    toSkip = split.emittedInTransaction();
    changeInTransaction = 0;
    stream =
        replication
            .unwrap(PGConnection.class)
            .getReplicationAPI()
            .replicationStream()
            .logical()
            .withSlotName(settings.slot())
            .withSlotOption("proto_version", "1")
            .withSlotOption("publication_names", settings.publication())
            .withStartPosition(LogSequenceNumber.valueOf(split.lsn()))
            .withStatusInterval(10, TimeUnit.SECONDS)
            .start();
  }

  private Connection openReplication() throws SQLException {
    Properties props = PgConnections.properties(settings.user(), settings.password());
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    return DriverManager.getConnection(settings.jdbcUrl(), props);
  }

  /** The table's rows in the slot's exported snapshot, each as an insert. */
  private void snapshot(
      Connection admin, String snapshotName, ReaderOutput<Either<Row, BadRecord>> output)
      throws SQLException {
    admin.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    admin.setAutoCommit(false);
    try (Statement s = admin.createStatement()) {
      s.execute("SET TRANSACTION SNAPSHOT '" + snapshotName.replace("'", "''") + "'");
      s.setFetchSize(1000);
      String columns =
          String.join(", ", fields.stream().map(f -> TableName.quote(f.name())).toList());
      long rows = 0;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT " + columns + " FROM " + TableName.parse(settings.table()).sql())) {
        while (rs.next()) {
          String[] texts = new String[fields.size()];
          for (int i = 0; i < texts.length; i++) {
            texts[i] = rs.getString(i + 1);
          }
          output.collect(RowTexts.convert(texts, fields, "insert", settings.table() + " snapshot"));
          rows++;
        }
      }
      LOG.info("Snapshot of {}: {} rows", settings.table(), rows);
    }
    admin.commit();
  }

  private void handle(PgOutputMessage message, ReaderOutput<Either<Row, BadRecord>> output) {
    if (message instanceof PgOutputMessage.Begin) {
      changeInTransaction = 0;
    } else if (message instanceof PgOutputMessage.Commit commit) {
      split = new CdcSplit(commit.endLsn(), 0);
      toSkip = 0;
      changeInTransaction = 0;
    } else if (message instanceof PgOutputMessage.Relation relation) {
      if (relation.oid() == tableOid) {
        fieldColumns.put(relation.oid(), columnsOf(relation));
      }
    } else if (message instanceof PgOutputMessage.Insert insert) {
      change(insert.relation(), insert.row(), "insert", output);
    } else if (message instanceof PgOutputMessage.Update update) {
      change(update.relation(), update.row(), "update", output);
    } else if (message instanceof PgOutputMessage.Delete delete) {
      change(delete.relation(), delete.old(), "delete", output);
    } else if (message instanceof PgOutputMessage.Truncate truncate
        && truncate.relations().contains(tableOid)) {
      LOG.warn("{} was truncated; a truncate is not passed on as records", settings.table());
    }
  }

  private void change(
      int relation,
      PgOutputMessage.Tuple tuple,
      String op,
      ReaderOutput<Either<Row, BadRecord>> out) {
    if (relation != tableOid) {
      return; // a publication named by the user may publish other tables too
    }
    changeInTransaction++;
    if (changeInTransaction <= toSkip) {
      return; // emitted before the restore
    }
    int[] columns = fieldColumns.get(relation);
    if (columns == null) {
      throw new IllegalStateException("A change of " + settings.table() + " before its columns");
    }
    String[] texts = new String[fields.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = columns[i] < tuple.values().size() ? tuple.values().get(columns[i]) : null;
    }
    out.collect(
        RowTexts.convert(
            texts,
            fields,
            op,
            settings.table()
                + " "
                + op
                + " in the transaction ending "
                + LogSequenceNumber.valueOf(split.lsn())));
    split = new CdcSplit(split.lsn(), changeInTransaction);
  }

  /** For each field, the position of its column in the table's change messages. */
  private int[] columnsOf(PgOutputMessage.Relation relation) {
    int[] columns = new int[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).name();
      int at = relation.columns().indexOf(name);
      if (at < 0) {
        for (int c = 0; c < relation.columns().size() && at < 0; c++) {
          if (relation.columns().get(c).equalsIgnoreCase(name)) {
            at = c;
          }
        }
      }
      if (at < 0) {
        throw new IllegalStateException(
            "Table "
                + settings.table()
                + " has no column "
                + name
                + " any more; its columns are "
                + relation.columns()
                + ". Change the node's fields.");
      }
      columns[i] = at;
    }
    return columns;
  }

  @Override
  public List<CdcSplit> snapshotState(long checkpointId) {
    if (split == null) {
      return List.of();
    }
    if (split.started()) {
      positionsByCheckpoint.put(checkpointId, split.lsn());
    }
    return List.of(split);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws SQLException {
    var done = positionsByCheckpoint.headMap(checkpointId, true);
    if (done.isEmpty()) {
      return;
    }
    long lsn = done.lastEntry().getValue();
    done.clear();
    if (stream != null) {
      LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
      stream.setFlushedLSN(position);
      stream.setAppliedLSN(position);
      stream.forceUpdateStatus();
    }
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<CdcSplit> splits) {
    if (!splits.isEmpty()) {
      split = splits.get(splits.size() - 1);
      available.complete(null);
    }
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() throws SQLException {
    try {
      if (stream != null) {
        stream.close();
      }
    } finally {
      if (replication != null) {
        replication.close();
      }
    }
  }
}
