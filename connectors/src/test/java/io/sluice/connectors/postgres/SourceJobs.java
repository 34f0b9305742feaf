package io.sluice.connectors.postgres;

import io.sluice.connectors.file.BadRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a source in a local Flink job whose records a test reads as they are checkpointed, and stops
 * it with a savepoint to start the next job from.
 */
public final class SourceJobs implements AutoCloseable {

  private final JobClient client;
  private final CloseableIterator<Either<Row, BadRecord>> rows;

  private SourceJobs(JobClient client, CloseableIterator<Either<Row, BadRecord>> rows) {
    this.client = client;
    this.rows = rows;
  }

  /** Starts {@code source} (uid {@code source}), restoring {@code savepoint} unless null. */
  public static SourceJobs start(
      Source<Either<Row, BadRecord>, ?, ?> source, Path tmp, String savepoint) throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    CloseableIterator<Either<Row, BadRecord>> rows =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "source")
            .uid("source")
            .collectAsync();
    return new SourceJobs(env.executeAsync("source test"), rows);
  }

  /** The next {@code n} records, none of them bad; blocks until they arrive. */
  public List<Row> take(int n) {
    List<Row> taken = new ArrayList<>();
    for (Either<Row, BadRecord> record : takeRecords(n)) {
      if (record.isRight()) {
        throw new AssertionError("A bad record: " + record.right());
      }
      taken.add(record.left());
    }
    return taken;
  }

  /** The next {@code n} records or bad records; blocks until they arrive. */
  public List<Either<Row, BadRecord>> takeRecords(int n) {
    List<Either<Row, BadRecord>> taken = new ArrayList<>();
    while (taken.size() < n && rows.hasNext()) {
      taken.add(rows.next());
    }
    return taken;
  }

  /** Stops the job with a savepoint under {@code dir}; returns its path. */
  public String stopWithSavepoint(Path dir) throws Exception {
    return client
        .stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
        .get();
  }

  @Override
  public void close() throws Exception {
    rows.close();
  }
}
