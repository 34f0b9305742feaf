package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A change-data-capture and an incremental source that name a stored connection instead of carrying
 * its address and password: both read the table through it, and deleting the pipeline drops the
 * replication slot through it too.
 */
class PostgresSourcesOnConnectionIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static TestDatabase target;
  private static SluiceRuntime sluice;
  private static ApiClient api;
  private static RunFixtures runs;

  @BeforeAll
  static void start() throws Exception {
    target = TestPostgres.freshDatabase();
    sluice =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("pg-on-connection")).withPort(0),
            CATALOG.catalog(),
            false);
    api = new ApiClient(sluice.port());
    runs = new RunFixtures(api, target);
  }

  @AfterAll
  static void stop() {
    sluice.close();
    target.close();
  }

  private static void sql(String... statements) throws Exception {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static String walLevel() throws Exception {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void bothSourcesReadThroughTheConnectionAndDeletingDropsTheSlotThroughIt() throws Exception {
    Assumptions.assumeTrue(
        walLevel().equals("logical"), "change data capture needs wal_level=logical");
    CatalogSettings db = target.settings();
    ApiClient.Response connection =
        api.post(
            "/api/connections",
            """
            {"name": "shop", "kind": "postgres",
             "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s"}}
            """
                .formatted(db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password()));
    assertThat(connection.status()).as(connection.body()).isEqualTo(201);
    sql(
        "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric)",
        "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 40) g");

    String id =
        runs.create(
            "pg-sources",
            """
            {"id": "changes", "type": "postgres-cdc",
             "config": {"connection": "shop", "table": "orders",
                        "fields": ["id: long", "total: decimal"]}},
            {"id": "polled", "type": "postgres-incremental",
             "config": {"connection": "shop", "table": "orders",
                        "fields": ["id: long", "total: decimal"], "offsetColumns": ["id"],
                        "pollInterval": "200ms"}},
            """
                + runs.sink("cdc_copies")
                + ","
                + runs.sink("polled_copies").replace("\"id\": \"db\"", "\"id\": \"db2\""),
            String.join(",", RunFixtures.edge("changes", "db"), RunFixtures.edge("polled", "db2")));
    // The stored sources name the connection only (the sinks carry theirs inline).
    for (var node : api.get("/api/pipelines/" + id).json().at("/version/document/nodes")) {
      if (node.path("type").asText().startsWith("postgres-")) {
        assertThat(node.path("config").has("jdbcUrl")).as(node.toString()).isFalse();
      }
    }

    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "running");
    sql("INSERT INTO orders VALUES (41, 61.5)");
    // Each source delivers the 40 rows there were and the one written after the start, once.
    await()
        .atMost(Duration.ofMinutes(3))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(runs.query("SELECT count(*) FROM cdc_copies")).isEqualTo(41);
              assertThat(runs.query("SELECT count(*) FROM polled_copies")).isEqualTo(41);
            });
    assertThat(runs.query("SELECT count(*) FROM cdc_copies WHERE op = 'insert'")).isEqualTo(41);
    String slot = ReplicationSlots.slotName("p-" + id, "changes");
    assertThat(
            runs.query(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
        .isEqualTo(1);

    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isLessThan(300);
    runs.awaitState(runId, "stopped");
    ApiClient.Response deleted = api.delete("/api/pipelines/" + id);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(
            runs.query(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
        .isZero();
  }
}
