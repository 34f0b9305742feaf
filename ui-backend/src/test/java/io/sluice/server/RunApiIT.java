package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pipelines run on the embedded Flink engine with checkpoints on the embedded S3, delivering into a
 * real PostgreSQL; the REST API starts, follows and stops them.
 */
class RunApiIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static SluiceRuntime sluice;
  private static ApiClient api;
  private static TestDatabase target;

  @BeforeAll
  static void start() {
    target = TestPostgres.freshDatabase();
    sluice =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("runs")).withPort(0), CATALOG.catalog(), false);
    api = new ApiClient(sluice.port());
  }

  @AfterAll
  static void stop() {
    sluice.close();
    target.close();
  }

  private static String sink(String table) {
    CatalogSettings db = target.settings();
    return """
        {"id": "db", "type": "postgres",
         "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "%s",
                    "createTable": true}}
        """
        .formatted(db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password(), table);
  }

  private static String create(String name, String nodes, String edges) {
    String document =
        """
        {"formatVersion": 1, "nodes": [%s], "edges": [%s],
         "settings": {"checkpointInterval": "300ms"}}
        """
            .formatted(nodes, edges);
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"" + name + "\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/validation/valid").asBoolean()).as(created.body()).isTrue();
    return created.json().path("id").asText();
  }

  private static String edge(String from, String to) {
    return "{\"from\": {\"node\": \"" + from + "\"}, \"to\": {\"node\": \"" + to + "\"}}";
  }

  private static JsonNode awaitState(String runId, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              last[0] = api.get("/api/runs/" + runId).json();
              assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo(state);
            });
    return last[0];
  }

  private static long query(String sql) throws SQLException {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void runsAPipelineToTheEndAndDeliversEveryRecordExactlyOnce() throws Exception {
    String id =
        create(
            "evens",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 3, "count": 3000, "recordsPerSecond": 0}},
            {"id": "keep", "type": "filter", "config": {"condition": "MOD(id, 2) = 0"}},
            {"id": "calc", "type": "derive",
             "config": {"fields": ["doubled = amount * 2", "label = UPPER(name)"]}},
            """
                + sink("evens"),
            String.join(",", edge("gen", "keep"), edge("keep", "calc"), edge("calc", "db")));

    ApiClient.Response started = api.post("/api/pipelines/" + id + "/runs", "");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    JsonNode run = started.json();
    assertThat(run.path("version").asInt()).isEqualTo(1);
    assertThat(run.path("flinkVersion").asText()).isEqualTo("2.1.1");
    assertThat(run.at("/plan/steps").size()).isEqualTo(4);

    JsonNode finished = awaitState(run.path("id").asText(), "finished");
    assertThat(finished.path("endedAt").asText()).isNotBlank();

    assertThat(query("SELECT count(*) FROM evens")).isEqualTo(1500);
    assertThat(query("SELECT count(DISTINCT id) FROM evens")).isEqualTo(1500);
    assertThat(query("SELECT count(*) FROM evens WHERE id % 2 <> 0")).isZero();
    assertThat(query("SELECT count(*) FROM evens WHERE doubled <> amount * 2")).isZero();
    assertThat(query("SELECT count(*) FROM evens WHERE label <> upper(name)")).isZero();
  }

  @Test
  void aStopWithSavepointAndANewStartLoseAndRepeatNothing() throws Exception {
    String id =
        create(
            "paced",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 5, "count": 3000, "recordsPerSecond": 500}},
            """
                + sink("paced"),
            edge("gen", "db"));

    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    awaitState(runId, "running");
    await().atMost(Duration.ofMinutes(2)).until(() -> query("SELECT count(*) FROM paced") > 0);

    ApiClient.Response second = api.post("/api/pipelines/" + id + "/runs", "");
    assertThat(second.status()).as(second.body()).isEqualTo(409);

    ApiClient.Response stopped = api.post("/api/runs/" + runId + "/stop", "");
    assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    assertThat(stopped.json().path("state").asText()).isEqualTo("stopped");
    String savepoint = stopped.json().path("savepointPath").asText();
    assertThat(savepoint).startsWith("s3://");
    long afterStop = query("SELECT count(*) FROM paced");
    assertThat(afterStop).isBetween(1L, 2999L);

    JsonNode resumed = api.post("/api/pipelines/" + id + "/runs", "").json();
    assertThat(resumed.path("restoredFrom").asText()).isEqualTo(savepoint);
    awaitState(resumed.path("id").asText(), "finished");

    assertThat(query("SELECT count(*) FROM paced")).isEqualTo(3000);
    assertThat(query("SELECT count(DISTINCT id) FROM paced")).isEqualTo(3000);
    assertThat(api.get("/api/pipelines/" + id + "/runs").json().size()).isEqualTo(2);
  }

  @Test
  void refusesToStartAPipelineWhoseExpressionNamesAMissingField() {
    String id =
        create(
            "misspelt",
            """
            {"id": "gen", "type": "generator", "config": {"count": 10}},
            {"id": "keep", "type": "filter", "config": {"condition": "amout > 1"}},
            """
                + sink("misspelt"),
            String.join(",", edge("gen", "keep"), edge("keep", "db")));

    ApiClient.Response response = api.post("/api/pipelines/" + id + "/runs", "");

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:pipeline-not-runnable");
    JsonNode error = response.json().path("errors").get(0);
    assertThat(error.path("nodeId").asText()).isEqualTo("keep");
    assertThat(error.path("message").asText()).containsIgnoringCase("amout");
    assertThat(api.get("/api/pipelines/" + id + "/runs").json()).isEmpty();
  }

  @Test
  void answersUnknownRunsWith404() {
    assertThat(api.get("/api/runs/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    assertThat(api.post("/api/runs/nope/stop", "").status()).isEqualTo(404);
  }
}
