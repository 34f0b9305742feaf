package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of the embedded defaults: with nothing configured, what a user creates is still there
 * after Sluice restarts.
 */
class CatalogSurvivesRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void pipelinesAndTheirVersionsSurviveARestartOnTheEmbeddedCatalog() throws Exception {
    String id;
    try (SluiceProcess sluice = SluiceProcess.start(dataDir, Map.of())) {
      JsonNode health = get(sluice, "/api/health");
      assertThat(health.path("catalog").path("status").asText()).isEqualTo("up");
      assertThat(health.path("catalog").path("mode").asText()).isEqualTo("embedded");

      JsonNode created =
          send(
              sluice,
              "POST",
              "/api/pipelines",
              """
              {"name": "orders", "description": "Order files into PostgreSQL"}
              """,
              201);
      id = created.path("id").asText();
      send(
          sluice,
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
      JsonNode list = get(sluice, "/api/pipelines");
      assertThat(list).hasSize(1);
      assertThat(list.get(0).path("name").asText()).isEqualTo("orders");
      assertThat(list.get(0).path("latestVersion").asInt()).isEqualTo(2);

      JsonNode versions = get(sluice, "/api/pipelines/" + id + "/versions");
      assertThat(versions).hasSize(2);
      assertThat(versions.get(0).path("message").asText()).isEqualTo("add the source");
      assertThat(versions.get(0).path("author").asText()).isEqualTo("ada");

      JsonNode latest = get(sluice, "/api/pipelines/" + id);
      assertThat(latest.at("/version/document/nodes/0/config/path").asText())
          .isEqualTo("/srv/orders");
    }
  }

  private JsonNode get(SluiceProcess sluice, String path) throws Exception {
    return send(sluice, "GET", path, null, 200);
  }

  private JsonNode send(SluiceProcess sluice, String method, String path, String body, int status)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sluice.baseUrl() + path))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s answered %s\nlog:\n%s", method, path, response.body(), sluice.log())
        .isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
