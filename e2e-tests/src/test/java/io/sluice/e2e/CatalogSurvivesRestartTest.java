package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of the embedded defaults: with nothing configured, what a user creates is still there
 * after Sluice restarts.
 */
class CatalogSurvivesRestartTest {

  @TempDir Path dataDir;

  @Test
  void pipelinesAndTheirVersionsSurviveARestartOnTheEmbeddedCatalog() throws Exception {
    String id;
    try (SluiceProcess sluice = SluiceProcess.start(dataDir, Map.of())) {
      JsonNode health = sluice.get("/api/health");
      assertThat(health.path("catalog").path("status").asText()).isEqualTo("up");
      assertThat(health.path("catalog").path("mode").asText()).isEqualTo("embedded");

      JsonNode created =
          sluice.send(
              "POST",
              "/api/pipelines",
              """
              {"name": "orders", "description": "Order files into PostgreSQL"}
              """,
              201);
      id = created.path("id").asText();
      sluice.send(
          "PUT",
          "/api/pipelines/" + id,
          """
          {"baseVersion": 1, "message": "add the source", "author": "ada",
           "document": {"formatVersion": 1, "nodes": [
             {"id": "files", "type": "file-directory", "config": {"path": "/srv/orders"}}]}}
          """,
          200);
      assertThat(sluice.stop()).isIn(0, 143);
    }

    try (SluiceProcess sluice = SluiceProcess.start(dataDir, Map.of())) {
      JsonNode list = sluice.get("/api/pipelines");
      assertThat(list).hasSize(1);
      assertThat(list.get(0).path("name").asText()).isEqualTo("orders");
      assertThat(list.get(0).path("latestVersion").asInt()).isEqualTo(2);

      JsonNode versions = sluice.get("/api/pipelines/" + id + "/versions");
      assertThat(versions).hasSize(2);
      assertThat(versions.get(0).path("message").asText()).isEqualTo("add the source");
      assertThat(versions.get(0).path("author").asText()).isEqualTo("ada");

      JsonNode latest = sluice.get("/api/pipelines/" + id);
      assertThat(latest.at("/version/document/nodes/0/config/path").asText())
          .isEqualTo("/srv/orders");
    }
  }
}
