package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.postgres.PostgresSinkSettings.Mode;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink in real Flink jobs on a MiniCluster, checkpointing every 200 ms. */
class PostgresSinkIT {

  private static final RecordSchema ID_AND_TEXT =
      new RecordSchema(
          List.of(new Field("id", FieldType.LONG), new Field("label", FieldType.STRING)));

  private static TestTarget target;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    target = new TestTarget();
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  private StreamExecutionEnvironment environment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
  }

  @Test
  void aFailureMidStreamLeavesEveryIdInTheTableExactlyOnce() throws Exception {
    PostgresSinkSettings settings =
        target.settings("exactly_once", Mode.APPEND, List.of(), true, ID_AND_TEXT, "t-eo");
    PostgresTables.ensureReady(settings);
    // A previous run of this sink died with a transaction prepared; this run starts fresh.
    target.execute(
        "BEGIN",
        "INSERT INTO exactly_once VALUES (-1, 'from a previous run')",
        "PREPARE TRANSACTION 't-eo-0-3'");
    FailOnce.reset();

    StreamExecutionEnvironment env = environment(2);
    env.fromSequence(0, 199_999)
        .map(new FailOnce())
        .returns(Types.ROW(Types.LONG, Types.STRING))
        .sinkTo(new PostgresSink(settings))
        .uid("postgres-sink");
    env.execute("exactly-once");

    assertThat(FailOnce.failed).as("the job failed once mid-stream").isTrue();
    assertThat(target.count("SELECT count(*) FROM exactly_once")).isEqualTo(200_000);
    assertThat(target.count("SELECT count(DISTINCT id) FROM exactly_once")).isEqualTo(200_000);
    assertThat(target.count("SELECT min(id) FROM exactly_once")).isZero();
    assertThat(target.count("SELECT max(id) FROM exactly_once")).isEqualTo(199_999);
    assertThat(target.count("SELECT count(*) FROM exactly_once WHERE label <> 'n' || id")).isZero();
    assertThat(target.preparedGids()).isEmpty();
  }

  @Test
  void upsertUpdatesRowsInPlaceAndKeepsTheLastValueOfEachKey() throws Exception {
    RecordSchema schema =
        new RecordSchema(
            List.of(new Field("k", FieldType.LONG), new Field("last_seq", FieldType.LONG)));
    PostgresSinkSettings settings =
        target.settings("latest", Mode.UPSERT, List.of("k"), true, schema, "t-upsert");
    PostgresTables.ensureReady(settings);
    target.execute("INSERT INTO latest VALUES (5, -1), (5000, -1)");

    StreamExecutionEnvironment env = environment(1);
    env.fromSequence(0, 19_999)
        .map(seq -> Row.of(seq % 1_000, seq))
        .returns(Types.ROW(Types.LONG, Types.LONG))
        .sinkTo(new PostgresSink(settings));
    env.execute("upsert");

    assertThat(target.count("SELECT count(*) FROM latest")).isEqualTo(1_001);
    assertThat(target.count("SELECT count(*) FROM latest WHERE k < 1000 AND last_seq = 19000 + k"))
        .isEqualTo(1_000);
    assertThat(target.count("SELECT last_seq FROM latest WHERE k = 5000")).isEqualTo(-1);
    assertThat(target.count("SELECT count(*) FROM latest__sluice_stage")).isZero();
  }

  /**
   * Turns ids into rows, slowly enough for a few checkpoints, and throws once, after a checkpoint
   * has completed and part of the input has passed.
   */
  static final class FailOnce implements MapFunction<Long, Row>, CheckpointListener {
    static volatile boolean failed;
    static final AtomicBoolean checkpointed = new AtomicBoolean();
    static final AtomicLong seen = new AtomicLong();

    static void reset() {
      failed = false;
      checkpointed.set(false);
      seen.set(0);
    }

    @Override
    public Row map(Long id) throws Exception {
      long n = seen.incrementAndGet();
      if (n % 200 == 0) {
        Thread.sleep(2);
      }
      if (!failed && checkpointed.get() && n > 120_000) {
        failed = true;
        throw new IllegalStateException("failure injected after " + n + " records");
      }
      return Row.of(id, "n" + id);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed.set(true);
    }
  }
}
