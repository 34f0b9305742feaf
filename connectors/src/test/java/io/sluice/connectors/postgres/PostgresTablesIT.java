package io.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.postgres.PostgresSinkSettings.Mode;
import io.sluice.connectors.postgres.TableProblem.CannotConnect;
import io.sluice.connectors.postgres.TableProblem.ExtraColumn;
import io.sluice.connectors.postgres.TableProblem.MissingColumn;
import io.sluice.connectors.postgres.TableProblem.MissingUniqueKey;
import io.sluice.connectors.postgres.TableProblem.SchemaMissing;
import io.sluice.connectors.postgres.TableProblem.TableMissing;
import io.sluice.connectors.postgres.TableProblem.WrongColumnType;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresTablesIT {

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

  private static TestTarget target;

  @BeforeAll
  static void start() {
    target = new TestTarget();
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  @Test
  void createsAMissingTableWithTheDocumentedTypesAndKey() throws Exception {
    target.execute("CREATE SCHEMA sales");
    PostgresSinkSettings settings =
        target.settings("Sales.Orders", Mode.UPSERT, List.of("id"), true, ALL_TYPES, "t-create");

    assertThat(PostgresTables.check(settings)).isEmpty();
    PostgresTables.ensureReady(settings);

    assertThat(
            target.query(
                "SELECT column_name || ' ' || format_type(atttypid, atttypmod)"
                    + " FROM information_schema.columns JOIN pg_attribute"
                    + " ON attrelid = 'sales.orders'::regclass AND attname = column_name"
                    + " WHERE table_schema = 'sales' AND table_name = 'orders'"
                    + " ORDER BY ordinal_position",
                rs -> TestTarget.get(() -> rs.getString(1))))
        .containsExactly(
            "id bigint",
            "name text",
            "ratio double precision",
            "amount numeric(38,10)",
            "active boolean",
            "born date",
            "seen_at timestamp(3) without time zone");
    assertThat(
            target.count(
                "SELECT count(*) FROM pg_index WHERE indrelid = 'sales.orders'::regclass"
                    + " AND indisprimary"))
        .isEqualTo(1);
    // Ready means the table fits now; starting again changes nothing.
    assertThat(PostgresTables.check(settings)).isEmpty();
    PostgresTables.ensureReady(settings);
  }

  @Test
  void listsEveryMissingRequiredExtraAndIllTypedColumnAndRefusesToStart() throws Exception {
    // remark (nullable) and loaded_at (has a default) are fine: COPY leaves them to the table.
    target.execute(
        "CREATE TABLE drifted (id integer, name text, ratio double precision, amount numeric,"
            + " born date, seen_at timestamptz, note text NOT NULL, remark text,"
            + " loaded_at timestamptz NOT NULL DEFAULT now())");
    PostgresSinkSettings settings =
        target.settings("drifted", Mode.UPSERT, List.of("id"), true, ALL_TYPES, "t-mismatch");

    List<TableProblem> expected =
        List.of(
            new WrongColumnType("id", "bigint", "integer"),
            new MissingColumn("active", "boolean"),
            new WrongColumnType(
                "seen_at", "timestamp(3) without time zone", "timestamp with time zone"),
            new ExtraColumn("note", "text"),
            new MissingUniqueKey(List.of("id")));
    assertThat(PostgresTables.check(settings)).containsExactlyElementsOf(expected);
    assertThatThrownBy(() -> PostgresTables.ensureReady(settings))
        .isInstanceOfSatisfying(
            SchemaMismatchException.class,
            e -> assertThat(e.problems()).containsExactlyElementsOf(expected))
        .hasMessageContaining("Column active (boolean) is missing.")
        .hasMessageContaining("Column note (text) is NOT NULL without a default");
  }

  @Test
  void reportsRatherThanThrowsForMissingTablesSchemasAndServers() {
    assertThat(
            PostgresTables.check(
                target.settings("nowhere", Mode.APPEND, List.of(), false, ALL_TYPES, "t-missing")))
        .containsExactly(new TableMissing("\"nowhere\""));
    assertThat(
            PostgresTables.check(
                target.settings("nope.t", Mode.APPEND, List.of(), true, ALL_TYPES, "t-missing")))
        .containsExactly(new SchemaMissing("nope"));
    PostgresSinkSettings unreachable =
        new PostgresSinkSettings(
            "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
            "u",
            "p",
            "t",
            Mode.APPEND,
            List.of(),
            true,
            ALL_TYPES,
            "t-unreachable");
    assertThat(PostgresTables.check(unreachable)).singleElement().isInstanceOf(CannotConnect.class);
  }
}
