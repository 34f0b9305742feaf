package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.postgres.PostgresSinkSettings.Mode;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writer and committer driven by hand, the way Flink's sink operators drive them. */
class PostgresWriterIT {

  private static final RecordSchema ALL_TYPES =
      new RecordSchema(
          List.of(
              new Field("id", FieldType.LONG),
              new Field("name", FieldType.STRING),
              new Field("ratio", FieldType.DOUBLE),
              new Field("amount", FieldType.DECIMAL),
              new Field("active", FieldType.BOOLEAN),
              new Field("born", FieldType.DATE),
              new Field("seen_at", FieldType.TIMESTAMP)));

  private static final RecordSchema ID_ONLY =
      new RecordSchema(List.of(new Field("id", FieldType.LONG)));

  private static TestTarget target;

  @BeforeAll
  static void start() {
    target = new TestTarget();
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  private static List<RecordingRequest> commit(
      PostgresSinkSettings settings, Collection<PostgresCommittable> committables)
      throws Exception {
    List<RecordingRequest> requests = committables.stream().map(RecordingRequest::new).toList();
    try (PostgresCommitter committer = new PostgresCommitter(settings)) {
      committer.commit(new ArrayList<>(requests));
    }
    return requests;
  }

  @Test
  void awkwardValuesComeBackExactlyAsWritten() throws Exception {
    PostgresSinkSettings settings =
        target.settings("awkward", Mode.APPEND, List.of(), true, ALL_TYPES, "t-awkward");
    List<Row> rows =
        List.of(
            Row.of(
                1L,
                "tab\there\nnewline\r\nback\\slash \\N \\. \"quotes\" 'single' ,;|",
                Double.NaN,
                new BigDecimal("9999999999999999999999999999.9999999999"),
                true,
                LocalDate.of(1, 1, 1),
                LocalDateTime.of(1, 1, 1, 0, 0)),
            Row.of(
                Long.MIN_VALUE,
                "unicode: é ß 中文 😀 \u2028 \u00a0",
                Double.NEGATIVE_INFINITY,
                new BigDecimal("-9999999999999999999999999999.9999999999"),
                false,
                LocalDate.of(9999, 12, 31),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000)),
            Row.of(
                Long.MAX_VALUE,
                "",
                Double.MIN_VALUE,
                new BigDecimal("0.0000000001"),
                null,
                LocalDate.of(2024, 2, 29),
                LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000_000)),
            Row.of(4L, null, -Double.MAX_VALUE, new BigDecimal("-0.0000000001"), null, null, null),
            Row.of(5L, "\\", 0.1 + 0.2, new BigDecimal("123.45"), true, null, null));

    List<PostgresCommittable> committables;
    SimpleCounter sent = new SimpleCounter();
    try (PostgresWriter writer = new PostgresWriter(settings, 0, 1, OptionalLong.empty(), sent)) {
      for (Row row : rows) {
        writer.write(row, null);
      }
      writer.flush(false);
      committables = new ArrayList<>(writer.prepareCommit());
      writer.snapshotState(1);
    }
    assertThat(committables).extracting(PostgresCommittable::gid).containsExactly("t-awkward-0-1");
    assertThat(sent.getCount()).as("records written, counted on write").isEqualTo(rows.size());
    assertThat(target.count("SELECT count(*) FROM awkward")).isZero(); // prepared, not committed
    assertThat(commit(settings, committables)).extracting(r -> r.outcome).containsOnly("committed");

    List<Row> back =
        target.query("SELECT * FROM awkward ORDER BY id", rs -> TestTarget.get(() -> readRow(rs)));
    List<Row> expected = new ArrayList<>(rows);
    expected.sort((a, b) -> Long.compare((Long) a.getField(0), (Long) b.getField(0)));
    // numeric(38,10) keeps ten decimals; compare by value.
    assertThat(back).hasSize(expected.size());
    for (int i = 0; i < back.size(); i++) {
      Row got = back.get(i);
      Row want = expected.get(i);
      for (int f = 0; f < want.getArity(); f++) {
        if (want.getField(f) instanceof BigDecimal d) {
          assertThat((BigDecimal) got.getField(f)).isEqualByComparingTo(d);
        } else {
          assertThat(got.getField(f)).as("row %s field %s", i, f).isEqualTo(want.getField(f));
        }
      }
    }
  }

  private static Row readRow(ResultSet rs) throws java.sql.SQLException {
    return Row.of(
        rs.getObject(1, Long.class),
        rs.getString(2),
        rs.getObject(3, Double.class),
        rs.getBigDecimal(4),
        rs.getObject(5, Boolean.class),
        rs.getObject(6, LocalDate.class),
        rs.getObject(7, LocalDateTime.class));
  }

  @Test
  void writesIntoEveryColumnTypeATableMayHaveForAField() throws Exception {
    RecordSchema schema =
        new RecordSchema(
            List.of(
                new Field("id", FieldType.LONG),
                new Field("big", FieldType.LONG),
                new Field("code", FieldType.STRING),
                new Field("label", FieldType.STRING)));
    target.execute(
        "CREATE TABLE typed (id bigint, big numeric(30), code char(3), label varchar(20),"
            + " added timestamptz DEFAULT now())");
    PostgresSinkSettings settings =
        target.settings("typed", Mode.APPEND, List.of(), false, schema, "t-typed");
    List<PostgresCommittable> committables;
    try (PostgresWriter writer =
        new PostgresWriter(settings, 0, 1, OptionalLong.empty(), new SimpleCounter())) {
      writer.write(Row.of(1L, Long.MIN_VALUE, "ab", "é 😀"), null);
      writer.write(Row.of(2L, 0L, "xyz", ""), null);
      writer.write(Row.of(3L, null, null, null), null);
      committables = new ArrayList<>(writer.prepareCommit());
    }
    commit(settings, committables);
    assertThat(
            target.query(
                "SELECT id || '|' || coalesce(big::text, '-') || '|' || coalesce(code::text, '-')"
                    + " || '|' || coalesce(label, '-') || '|' || (added IS NOT NULL)"
                    + " FROM typed ORDER BY id",
                rs -> TestTarget.get(() -> rs.getString(1))))
        .containsExactly("1|-9223372036854775808|ab|é 😀|true", "2|0|xyz||true", "3|-|-|-|true");
  }

  @Test
  void committingAgainAfterARestoreIsHarmlessButALostTransactionFailsLoudly() throws Exception {
    PostgresSinkSettings settings =
        target.settings("again", Mode.APPEND, List.of(), true, ID_ONLY, "t-again");
    List<PostgresCommittable> first;
    List<PostgresCommittable> second;
    try (PostgresWriter writer =
        new PostgresWriter(settings, 0, 1, OptionalLong.empty(), new SimpleCounter())) {
      writer.write(Row.of(1L), null);
      first = new ArrayList<>(writer.prepareCommit());
      writer.snapshotState(1);
      writer.write(Row.of(2L), null);
      second = new ArrayList<>(writer.prepareCommit());
      writer.snapshotState(2);
    }
    assertThat(commit(settings, first)).extracting(r -> r.outcome).containsOnly("committed");
    // A restore hands the committer the same committable again.
    assertThat(commit(settings, first))
        .extracting(r -> r.outcome)
        .containsOnly("already committed");
    target.execute("ROLLBACK PREPARED '" + second.get(0).gid() + "'");
    List<RecordingRequest> lost = commit(settings, second);
    assertThat(lost).extracting(r -> r.outcome).containsOnly("failed");
    assertThat(lost.get(0).failure).hasMessageContaining("is aborted");
    assertThat(target.query("SELECT id FROM again", rs -> TestTarget.get(() -> rs.getLong(1))))
        .containsExactly(1L);
  }

  @Test
  void onStartTransactionsNewerThanTheRestoredCheckpointAreRolledBackAndOlderOnesKept()
      throws Exception {
    PostgresSinkSettings settings =
        target.settings("linger", Mode.APPEND, List.of(), true, ID_ONLY, "t-linger");
    PostgresTables.ensureReady(settings);
    // A previous run with parallelism 3: prepared for checkpoints 4 and 6, then killed.
    for (String gid :
        List.of("t-linger-0-4", "t-linger-0-6", "t-linger-1-6", "t-linger-2-6", "t-linger2-0-6")) {
      target.execute("BEGIN", "INSERT INTO linger VALUES (1)", "PREPARE TRANSACTION '" + gid + "'");
    }

    // Restored from checkpoint 5 with parallelism 2: subtask 0 clears its own and subtask 2's.
    new PostgresWriter(settings, 0, 2, OptionalLong.of(5), new SimpleCounter()).close();
    assertThat(target.preparedGids())
        .containsExactly("t-linger-0-4", "t-linger-1-6", "t-linger2-0-6");
    // A fresh start (no checkpoint) clears everything of its subtask, nothing of other sinks.
    new PostgresWriter(settings, 0, 2, OptionalLong.empty(), new SimpleCounter()).close();
    new PostgresWriter(settings, 1, 2, OptionalLong.empty(), new SimpleCounter()).close();
    assertThat(target.preparedGids()).containsExactly("t-linger2-0-6");
  }

  @Test
  void upsertMergesTheLastWriteOfEachKeyWhenCommitted() throws Exception {
    RecordSchema schema =
        new RecordSchema(List.of(new Field("k", FieldType.LONG), new Field("v", FieldType.STRING)));
    PostgresSinkSettings settings =
        target.settings("kv", Mode.UPSERT, List.of("k"), true, schema, "t-kv");
    PostgresTables.ensureReady(settings);
    target.execute("INSERT INTO kv VALUES (1, 'old'), (2, 'untouched')");
    List<PostgresCommittable> committables;
    try (PostgresWriter writer =
        new PostgresWriter(settings, 0, 1, OptionalLong.empty(), new SimpleCounter())) {
      writer.write(Row.of(1L, "first"), null);
      writer.write(Row.of(3L, "new"), null);
      writer.write(Row.of(1L, "second"), null);
      committables = new ArrayList<>(writer.prepareCommit());
    }
    commit(settings, committables);
    commit(settings, committables); // again, as after a restore

    assertThat(
            target.query(
                "SELECT k || '=' || v FROM kv ORDER BY k",
                rs -> TestTarget.get(() -> rs.getString(1))))
        .containsExactly("1=second", "2=untouched", "3=new");
    assertThat(target.count("SELECT count(*) FROM kv__sluice_stage")).isZero();
  }
}
