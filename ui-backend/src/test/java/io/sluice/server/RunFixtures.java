package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the run tests build pipelines from: documents posted through the API, a PostgreSQL sink into
 * the target database, waiting for a run's state, and counting rows in the target.
 */
final class RunFixtures {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private final ApiClient api;
  private final TestDatabase target;

  RunFixtures(ApiClient api, TestDatabase target) {
    this.api = api;
    this.target = target;
  }

  /**
   * A PostgreSQL sink node {@code db} writing to {@code table} of the target, created if missing.
   */
  String sink(String table) {
    CatalogSettings db = target.settings();
    return """
        {"id": "db", "type": "postgres",
         "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "%s",
                    "createTable": true}}
        """
        .formatted(db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password(), table);
  }

  /** Creates a valid pipeline of these nodes and edges; returns its id. */
  String create(String name, String nodes, String edges) {
    return create(name, nodes, edges, true);
  }

  /** Creates a pipeline, checkpointing every 300 ms, and asserts whether it validates. */
  String create(String name, String nodes, String edges, boolean valid) {
    String document =
        """
        {"formatVersion": 1, "nodes": [%s], "edges": [%s],
         "settings": {"checkpointInterval": "300ms"}}
        """
            .formatted(nodes, edges);
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"" + name + "\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/validation/valid").asBoolean())
        .as(created.body())
        .isEqualTo(valid);
    return created.json().path("id").asText();
  }

  static String edge(String from, String to) {
    return "{\"from\": {\"node\": \"" + from + "\"}, \"to\": {\"node\": \"" + to + "\"}}";
  }

  /** Waits for the run to reach {@code state}; returns the run as it was then. */
  JsonNode awaitState(String runId, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              last[0] = api.get("/api/runs/" + runId).json();
              assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo(state);
            });
    return last[0];
  }

  /** The single number a query of the target database answers. */
  long query(String sql) throws SQLException {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
