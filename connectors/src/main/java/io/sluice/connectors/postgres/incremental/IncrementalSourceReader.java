package io.sluice.connectors.postgres.incremental;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.postgres.source.PgConnections;
import io.sluice.connectors.postgres.source.RowTexts;
import io.sluice.model.schema.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Polls the rows after its split's offset, one batch per {@link #pollNext} call, and moves the
 * offset with every row it emits. Emitting and snapshotting both run on the task's mailbox thread,
 * so a checkpoint holds exactly the offset of the last row emitted before it.
 *
 * <p>A value that does not convert to its field's type makes the row a {@link BadRecord} (its
 * offset still moves past it), which the node's {@code onError} sends to the dead-letter.
 *
 * <p>Between polls it reports {@code NOTHING_AVAILABLE} with a future that completes when the next
 * poll is due, so checkpoint barriers pass while it waits. Not thread-safe: Flink calls it from the
 * task thread only.
 */
final class IncrementalSourceReader
    implements SourceReader<Either<Row, BadRecord>, IncrementalSplit> {

  private final IncrementalSettings settings;
  private final List<Field> fields;
  private final int[] offsetIndexes;
  private IncrementalSplit split;
  private Connection connection;
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private long nextPollNanos;

  IncrementalSourceReader(IncrementalSettings settings) {
    this.settings = settings;
    this.fields = settings.schema().fields();
    this.offsetIndexes = settings.offsetIndexes();
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<Either<Row, BadRecord>> output) throws SQLException {
    if (split == null) {
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    long wait = nextPollNanos - System.nanoTime();
    if (wait > 0) {
      available =
          CompletableFuture.runAsync(
              () -> {}, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS));
      return InputStatus.NOTHING_AVAILABLE;
    }
    int rows = poll(output);
    if (rows >= settings.batchSize()) {
      return InputStatus.MORE_AVAILABLE;
    }
    nextPollNanos = System.nanoTime() + settings.pollInterval().toNanos();
    return pollNext(output);
  }

  private int poll(ReaderOutput<Either<Row, BadRecord>> output) throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = PgConnections.open(settings.jdbcUrl(), settings.user(), settings.password());
    }
    boolean withOffset = !split.offset().isEmpty();
    int rows = 0;
    try (PreparedStatement ps = connection.prepareStatement(settings.pollSql(withOffset))) {
      int p = 1;
      if (withOffset) {
        for (String value : split.offset()) {
          ps.setString(p++, value);
        }
      }
      if (!settings.lagSafety().isZero()) {
        ps.setString(p++, settings.lagSafety().toMillis() + " milliseconds");
      }
      ps.setInt(p, settings.batchSize());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] texts = new String[fields.size()];
          for (int i = 0; i < texts.length; i++) {
            texts[i] = rs.getString(i + 1);
          }
          List<String> offset = new ArrayList<>(offsetIndexes.length);
          for (int index : offsetIndexes) {
            offset.add(texts[index]);
          }
          output.collect(RowTexts.convert(texts, fields, source() + " at offset " + offset));
          split = new IncrementalSplit(offset);
          rows++;
        }
      }
    }
    return rows;
  }

  private String source() {
    return settings.table() != null ? settings.table() : "query";
  }

  @Override
  public List<IncrementalSplit> snapshotState(long checkpointId) {
    return split == null ? List.of() : List.of(split);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<IncrementalSplit> splits) {
    if (!splits.isEmpty()) {
      split = splits.get(splits.size() - 1);
      nextPollNanos = System.nanoTime();
      available.complete(null);
    }
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }
}
