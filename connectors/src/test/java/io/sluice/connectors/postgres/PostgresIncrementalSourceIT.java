package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.check.PostgresSourceCheck;
import io.sluice.connectors.postgres.incremental.IncrementalSettings;
import io.sluice.connectors.postgres.incremental.PostgresIncrementalSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresIncrementalSourceIT {

  private static final LocalDateTime T1 = LocalDateTime.parse("2026-11-24T05:00:00.123");
  private static final LocalDateTime T2 = LocalDateTime.parse("2026-11-24T06:00:00");

  @TempDir Path tmp;
  private final TestTarget db = new TestTarget();

  @AfterEach
  void drop() throws Exception {
    db.close();
  }

  private IncrementalSettings settings(Duration lagSafety) {
    return new IncrementalSettings(
        db.db().jdbcUrl(),
        db.db().user(),
        db.db().password(),
        "orders",
        null,
        List.of("id: long", "name: string", "updated_at: timestamp"),
        List.of("updated_at", "id"),
        Duration.ofMillis(100),
        2,
        lagSafety);
  }

  @Test
  void readsRowsOfTheSameInstantAcrossBatchesAndResumesAfterTheLastOneFromASavepoint()
      throws Exception {
    db.execute(
        "CREATE TABLE orders (id bigint PRIMARY KEY, name text, updated_at timestamp)",
        // Three rows of one instant: with a batch of 2, a timestamp-only offset would lose one.
        "INSERT INTO orders VALUES (1, 'a', '"
            + T1
            + "'), (2, 'b', '"
            + T1
            + "'),"
            + " (3, 'c', '"
            + T1
            + "'), (4, 'late', NULL)");

    String savepoint;
    try (SourceJobs job =
        SourceJobs.start(new PostgresIncrementalSource(settings(Duration.ZERO)), tmp, null)) {
      assertThat(job.take(3))
          .containsExactly(Row.of(1L, "a", T1), Row.of(2L, "b", T1), Row.of(3L, "c", T1));
      db.execute(
          "INSERT INTO orders VALUES (5, 'e', '" + T1 + "')",
          "UPDATE orders SET name = 'aa', updated_at = '" + T2 + "' WHERE id = 1");
      assertThat(job.take(2)).containsExactly(Row.of(5L, "e", T1), Row.of(1L, "aa", T2));
      savepoint = job.stopWithSavepoint(tmp.resolve("savepoints"));
    }

    db.execute("INSERT INTO orders VALUES (6, 'f', '" + T2 + "')");
    try (SourceJobs job =
        SourceJobs.start(new PostgresIncrementalSource(settings(Duration.ZERO)), tmp, savepoint)) {
      // Nothing read before the savepoint again; the row with a NULL offset is never read.
      assertThat(job.take(1)).containsExactly(Row.of(6L, "f", T2));
      db.execute("INSERT INTO orders VALUES (7, 'g', '" + T2.plusSeconds(1) + "')");
      assertThat(job.take(1)).containsExactly(Row.of(7L, "g", T2.plusSeconds(1)));
    }
  }

  @Test
  void lagSafetyHoldsBackRowsNewerThanNowMinusTheDelay() throws Exception {
    db.execute(
        "CREATE TABLE orders (id bigint PRIMARY KEY, name text, updated_at timestamp)",
        "INSERT INTO orders VALUES (1, 'old', localtimestamp - interval '1 hour'),"
            + " (2, 'new', localtimestamp + interval '1 hour'), (3, 'old2', localtimestamp - interval '2 hours')");
    try (SourceJobs job =
        SourceJobs.start(
            new PostgresIncrementalSource(settings(Duration.ofMinutes(10))), tmp, null)) {
      List<Row> rows = job.take(2);
      assertThat(rows).extracting(r -> r.getField(1)).containsExactly("old2", "old");
      // The row of the future shows up once it is old enough: move it back and it comes.
      db.execute(
          "UPDATE orders SET updated_at = localtimestamp - interval '11 minutes' WHERE id = 2");
      assertThat(job.take(1)).extracting(r -> r.getField(1)).containsExactly("new");
    }
  }

  @Test
  void aValueThatDoesNotFitItsFieldIsABadRecordAndTheRowsAfterItStillCome() throws Exception {
    db.execute(
        "CREATE TABLE prices (id bigint PRIMARY KEY, price numeric)",
        "INSERT INTO prices VALUES (1, 1.5), (2, 'NaN'), (3, 3)");
    var settings =
        new IncrementalSettings(
            db.db().jdbcUrl(),
            db.db().user(),
            db.db().password(),
            "prices",
            null,
            List.of("id: long", "price: decimal"),
            List.of("id"),
            Duration.ofMillis(100),
            10,
            Duration.ZERO);
    try (SourceJobs job = SourceJobs.start(new PostgresIncrementalSource(settings), tmp, null)) {
      var records = job.takeRecords(3);
      assertThat(records.get(0).left()).isEqualTo(Row.of(1L, new java.math.BigDecimal("1.5")));
      assertThat(records.get(1).isRight()).isTrue();
      assertThat(records.get(1).right().raw()).isEqualTo("id=2, price=NaN");
      assertThat(records.get(1).right().reason()).isEqualTo("Column price: 'NaN' is not a decimal");
      assertThat(records.get(1).right().source()).isEqualTo("prices at offset [2]");
      assertThat(records.get(2).left()).isEqualTo(Row.of(3L, new java.math.BigDecimal("3")));
    }
  }

  @Test
  void theConnectionCheckListsTheColumnsAndNamesAFieldOfTheWrongType() throws Exception {
    db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, name text, updated_at timestamptz)");
    var ok =
        PostgresSourceCheck.incremental(
            db.db().jdbcUrl(),
            db.db().user(),
            db.db().password(),
            "orders",
            null,
            List.of("id: long", "updated_at: timestamp"),
            Duration.ofSeconds(5));
    assertThat(ok.ok()).as(ok.message()).isTrue();
    assertThat(ok.details().get("columns"))
        .isEqualTo(List.of("id: long", "name: string", "updated_at: timestamp"));

    var wrong =
        PostgresSourceCheck.incremental(
            db.db().jdbcUrl(),
            db.db().user(),
            db.db().password(),
            "orders",
            null,
            List.of("name: long", "missing: string"),
            Duration.ofSeconds(5));
    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.message())
        .contains("name is a string column, not long")
        .contains("missing is not a column");
  }
}
