package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/preview} against a real server: records on every edge of a filter → derive →
 * window pipeline, a malformed line in the dead letters with its reason, and nothing written: no
 * sink table, no dead-letter directory, no run.
 */
class PreviewApiIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SluiceRuntime server;
  private static ApiClient api;
  private static Path input;
  private static Path deadLetterDir;

  private static final String ORDERS =
      """
      who,amount,at
      a,1,2026-01-01T00:00:01
      b,2,2026-01-01T00:00:03
      a,3,2026-01-01T00:00:08
      b,lots,2026-01-01T00:00:09
      a,4,2026-01-01T00:00:12
      """;

  @BeforeAll
  static void startServer() throws IOException {
    Path dir = TestDirs.fresh("preview");
    input = Files.createDirectories(dir.resolve("orders"));
    Files.writeString(input.resolve("orders.csv"), ORDERS);
    deadLetterDir = dir.resolve("dead-letters");
    server =
        SluiceRuntime.start(
            SluiceConfig.defaults(dir.resolve("data")).withPort(0), CATALOG.catalog(), false);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** orders → big (amount > 1) → twice (derive) → w (10 s windows by who) → a PostgreSQL table. */
  private static String document(String condition) {
    CatalogSettings db = CATALOG.settings();
    return """
        {"formatVersion": 1,
         "nodes": [
           {"id": "orders", "type": "file-directory",
            "config": {"path": "%s", "fields": ["who: string", "amount: long", "at: timestamp"]}},
           {"id": "big", "type": "filter", "config": {"condition": "%s"}},
           {"id": "twice", "type": "derive", "config": {"fields": ["doubled = amount * 2"]}},
           {"id": "w", "type": "window-aggregate",
            "config": {"window": "tumbling", "size": "10s", "timeField": "at",
                       "watermarkDelay": "0s", "groupBy": ["who"],
                       "aggregates": ["n = count(*)", "total = sum(doubled)"]}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s",
                       "table": "preview_sink", "createTable": true}}],
         "edges": [{"from": {"node": "orders"}, "to": {"node": "big"}},
                   {"from": {"node": "big"}, "to": {"node": "twice"}},
                   {"from": {"node": "twice"}, "to": {"node": "w"}},
                   {"from": {"node": "w"}, "to": {"node": "db"}}],
         "settings": {"deadLetter": {"type": "directory", "path": "%s"}}}
        """
        .formatted(input, condition, db.jdbcUrl(), db.user(), db.password(), deadLetterDir);
  }

  private static ApiClient.Response preview(ObjectNode body) {
    return api.post("/api/preview", body.toString());
  }

  private static ObjectNode withDocument(String document) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.set("document", JSON.readTree(document));
    return body;
  }

  private static JsonNode port(JsonNode result, String node) {
    for (JsonNode port : result.path("ports")) {
      if (port.path("node").asText().equals(node)) {
        return port;
      }
    }
    throw new AssertionError("no port of " + node + " in " + result);
  }

  private static List<String> rows(JsonNode port) {
    List<String> rows = new ArrayList<>();
    for (JsonNode row : port.path("rows")) {
      List<String> values = new ArrayList<>();
      row.forEach(v -> values.add(v.asText()));
      rows.add(String.join(",", values));
    }
    rows.sort(null);
    return rows;
  }

  private static long count(String sql) {
    return CATALOG.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void previewsAnUnsavedDocumentWithRecordsOnEveryEdgeAndWritesNothing() throws IOException {
    ApiClient.Response response = preview(withDocument(document("amount > 1")));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.path("truncated").asBoolean()).isFalse();
    assertThat(port(result, "orders").path("count").asLong()).isEqualTo(4);
    assertThat(rows(port(result, "big")))
        .containsExactly(
            "a,3,2026-01-01T00:00:08", "a,4,2026-01-01T00:00:12", "b,2,2026-01-01T00:00:03");
    JsonNode twice = port(result, "twice");
    assertThat(twice.path("fields").toString())
        .isEqualTo(
            "[{\"name\":\"who\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"},"
                + "{\"name\":\"at\",\"type\":\"timestamp\"},"
                + "{\"name\":\"doubled\",\"type\":\"long\"}]");
    assertThat(rows(port(result, "w")))
        .containsExactly(
            "2026-01-01T00:00,2026-01-01T00:00:10,a,1,6",
            "2026-01-01T00:00,2026-01-01T00:00:10,b,1,4",
            "2026-01-01T00:00:10,2026-01-01T00:00:20,a,1,8");
    JsonNode deadLetters = result.path("deadLetters");
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).path("node").asText()).isEqualTo("orders");
    assertThat(deadLetters.get(0).path("raw").asText()).isEqualTo("b,lots,2026-01-01T00:00:09");
    assertThat(deadLetters.get(0).path("reason").asText()).contains("amount");

    assertThat(
            count(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'preview_sink'"))
        .isZero();
    assertThat(deadLetterDir).doesNotExist();
    assertThat(count("SELECT count(*) FROM runs")).isZero();
    assertThat(count("SELECT count(*) FROM dead_letters")).isZero();
  }

  @Test
  void previewsASavedVersionWithAnUploadedSampleAndStartsNoRun() throws IOException {
    ObjectNode create = JSON.createObjectNode();
    create.put("name", "preview-saved");
    create.set("document", JSON.readTree(document("amount >= 0")));
    ApiClient.Response created = api.post("/api/pipelines", create.toString());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();

    ObjectNode body = JSON.createObjectNode();
    body.put("pipelineId", id);
    body.put("version", 1);
    body.put("limit", 2);
    body.putObject("samples")
        .put(
            "orders",
            "who,amount,at\nz,7,2026-01-01T00:00:01\nz,8,2026-01-01T00:00:02\n"
                + "z,9,2026-01-01T00:00:03\n");
    ApiClient.Response response = preview(body);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(rows(port(response.json(), "orders")))
        .containsExactly("z,7,2026-01-01T00:00:01", "z,8,2026-01-01T00:00:02");
    assertThat(api.get("/api/pipelines/" + id + "/runs").json()).isEmpty();
    assertThat(count("SELECT count(*) FROM runs")).isZero();
  }

  @Test
  void anInvalidPipelineGetsItsProblemsInsteadOfARun() throws IOException {
    ApiClient.Response response = preview(withDocument(document("amout > 1")));

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("type").asText())
        .isEqualTo("urn:sluice:problem:pipeline-not-previewable");
    assertThat(problem.path("errors").get(0).path("nodeId").asText()).isEqualTo("big");
    assertThat(problem.path("errors").get(0).path("code").asText()).isEqualTo("invalid-expression");
  }

  @Test
  void aBadRequestNamesEveryMistake() {
    ApiClient.Response response = api.post("/api/preview", "{\"limit\": 20000, \"extra\": 1}");

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).contains("extra", "limit", "document");
  }

  @Test
  void aSampleForANodeThatReadsNoFilesIsRefused() throws IOException {
    ObjectNode body = withDocument(document("amount > 1"));
    body.putObject("samples").put("big", "who,amount,at\n");

    ApiClient.Response response = preview(body);

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:preview-refused");
    assertThat(response.json().path("errors").get(0).path("nodeId").asText()).isEqualTo("big");
  }

  @Test
  void aSourceThatCannotBeReachedIsRefusedOnItsNodeAtOnce() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "in", "type": "kafka",
            "config": {"bootstrapServers": "127.0.0.1:%d", "topics": ["orders"],
                       "fields": ["id: long"]}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
         "edges": [{"from": {"node": "in"}, "to": {"node": "out"}}]}
        """
            .formatted(closedPort, deadLetterDir.resolveSibling("kafka-out"));
    ObjectNode body = withDocument(document);
    // Far beyond what the refusal takes: a preview that waited for its timeout would answer 200.
    body.put("timeoutSeconds", 90);

    ApiClient.Response response = preview(body);

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    JsonNode problem = response.json();
    assertThat(problem.path("type").asText()).isEqualTo("urn:sluice:problem:preview-refused");
    assertThat(problem.path("errors").get(0).path("nodeId").asText()).isEqualTo("in");
    assertThat(problem.path("errors").get(0).path("field").asText())
        .isEqualTo("config.bootstrapServers");
    assertThat(problem.path("detail").asText())
        .startsWith("Node 'in': no Kafka broker can be reached at 127.0.0.1:" + closedPort);
  }
}
