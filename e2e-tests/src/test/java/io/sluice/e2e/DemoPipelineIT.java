package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user sees after {@code ./sluice}: a demo pipeline that is already running and writing
 * rows into the embedded PostgreSQL, created once and never again.
 */
class DemoPipelineIT {
  private static final Map<String, String> DEMO_ON = Map.of("SLUICE_DEMO", "true");

  @TempDir Path dataDir;

  @Test
  void theFirstStartCreatesARunningDemoWhoseRowsArriveAndARestartKeepsTheOneDemo()
      throws Exception {
    String id;
    long before;
    try (SluiceProcess sluice = SluiceProcess.start(dataDir, DEMO_ON)) {
      JsonNode list = sluice.get("/api/pipelines");
      assertThat(list).hasSize(1);
      id = list.get(0).path("id").asText();
      assertThat(list.get(0).path("name").asText()).isEqualTo("Demo: large orders");
      assertThat(sluice.get("/api/pipelines/" + id).at("/validation/valid").asBoolean()).isTrue();

      awaitLatestRun(sluice, "running");
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> demoRows("SELECT count(*) FROM large_orders") > 0);
      assertThat(demoRows("SELECT count(*) FROM large_orders WHERE amount <= 50")).isZero();
      before = demoRows("SELECT count(*) FROM large_orders");
      assertThat(sluice.stop()).isIn(0, 143);
    }

    try (SluiceProcess sluice = SluiceProcess.start(dataDir, DEMO_ON)) {
      JsonNode list = sluice.get("/api/pipelines");
      assertThat(list).as("no second demo").hasSize(1);
      assertThat(list.get(0).path("id").asText()).isEqualTo(id);
      awaitLatestRun(sluice, "running");
      // Same port as before, so the stored JDBC URL still reaches the demo database.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> demoRows("SELECT count(*) FROM large_orders") > before);
      assertThat(demoRows("SELECT count(*) - count(DISTINCT id) FROM large_orders"))
          .as("no row twice across the restart")
          .isZero();

      sluice.send("DELETE", "/api/pipelines/" + id, null, 409); // running: stop it first
    }
  }

  private static void awaitLatestRun(SluiceProcess sluice, String state) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(sluice.get("/api/pipelines").at("/0/latestRun/state").asText())
                    .isEqualTo(state));
  }

  private long demoRows(String sql) throws Exception {
    String port = Files.readString(dataDir.resolve("postgres.port")).trim();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/demo", "postgres", null);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
