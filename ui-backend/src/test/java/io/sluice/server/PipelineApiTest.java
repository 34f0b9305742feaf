package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST API against a real server on a free port and a real PostgreSQL catalog. */
class PipelineApiTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static SluiceRuntime server;
  private static ApiClient api;

  private static final String VALID_DOCUMENT =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "files", "type": "file-directory", "name": "Order files",
          "config": {"path": "/srv/orders", "fields": ["id: long", "amount: double"]}},
         {"id": "big", "type": "filter", "config": {"condition": "amount > 100"}},
         {"id": "db", "type": "postgres",
          "config": {"jdbcUrl": "jdbc:postgresql://db/shop", "table": "orders"}}],
       "edges": [
         {"from": {"node": "files"}, "to": {"node": "big"}},
         {"from": {"node": "big"}, "to": {"node": "db"}}],
       "layout": {"files": {"x": 0, "y": 0}}}
      """;

  @BeforeAll
  static void startServer() {
    server =
        SluiceRuntime.start(
            TestDirs.withRoots(
                SluiceConfig.defaults(TestDirs.fresh("api"))
                    .withPort(0)
                    .withMaxRequestBytes(64 * 1024),
                "/srv"),
            CATALOG.catalog(),
            false);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static JsonNode create(String name) {
    ApiClient.Response response =
        api.post("/api/pipelines", "{\"name\": \"" + name + "\", \"description\": \"test\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private static void assertProblem(ApiClient.Response response, int status, String type) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("type").asText()).isEqualTo(type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("at io.sluice", "Exception");
  }

  @Test
  void createsAPipelineWithAnEmptyFirstVersionAndItsLocation() {
    ApiClient.Response response =
        api.post(
            "/api/pipelines",
            """
            {"name": "clicks", "description": "Click logs", "author": "ada"}
            """);

    assertThat(response.status()).isEqualTo(201);
    JsonNode body = response.json();
    assertThat(response.location()).isEqualTo("/api/pipelines/" + body.path("id").asText());
    assertThat(body.path("latestVersion").asInt()).isEqualTo(1);
    assertThat(body.at("/version/author").asText()).isEqualTo("ada");
    assertThat(body.at("/version/document/formatVersion").asInt()).isEqualTo(1);
    // An empty pipeline is stored, and its validation says what is missing.
    assertThat(body.at("/validation/valid").asBoolean()).isFalse();
    assertThat(body.at("/validation/problems").findValuesAsText("code")).contains("no-sink");
  }

  @Test
  void savesVersionsInOrderAndRefusesAStaleSaveWithTheCurrentVersion() {
    String id = create("orders").path("id").asText();
    String save =
        """
        {"baseVersion": %d, "message": "%s", "document": %s}
        """;

    ApiClient.Response v2 =
        api.put("/api/pipelines/" + id, save.formatted(1, "wire it", VALID_DOCUMENT));
    assertThat(v2.status()).as(v2.body()).isEqualTo(200);
    assertThat(v2.json().path("latestVersion").asInt()).isEqualTo(2);
    assertThat(v2.json().at("/validation/valid").asBoolean()).as(v2.body()).isTrue();

    ApiClient.Response stale =
        api.put("/api/pipelines/" + id, save.formatted(1, "edited an old copy", VALID_DOCUMENT));
    assertProblem(stale, 409, "urn:sluice:problem:stale-version");
    assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(2);
    assertThat(stale.json().path("baseVersion").asInt()).isEqualTo(1);

    JsonNode versions = api.get("/api/pipelines/" + id + "/versions").json();
    assertThat(versions.findValuesAsText("message")).containsExactly("wire it", "Created");

    JsonNode v2Again = api.get("/api/pipelines/" + id + "/versions/2").json();
    assertThat(v2Again.at("/document/nodes/1/config/condition").asText()).isEqualTo("amount > 100");
    assertProblem(
        api.get("/api/pipelines/" + id + "/versions/3"), 404, "urn:sluice:problem:not-found");
  }

  @Test
  void exactlyOneOfTwoConcurrentSavesOnTheSameVersionWins() throws Exception {
    String id = create("concurrent").path("id").asText();
    String body = "{\"baseVersion\": 1, \"document\": " + VALID_DOCUMENT + "}";
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<Integer> save = () -> api.put("/api/pipelines/" + id, body).status();
        results.add(pool.submit(save));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> result : results) {
        statuses.add(result.get());
      }
      assertThat(statuses).containsOnly(200, 409).containsOnlyOnce(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAnUnreadableDocumentListingEveryProblem() {
    String id = create("unreadable").path("id").asText();
    ApiClient.Response response =
        api.put(
            "/api/pipelines/" + id,
            """
            {"baseVersion": 1, "document": {
              "formatVersion": 1,
              "nodes": [{"id": "a b", "type": "filter", "colour": "red"}],
              "edges": [{"from": {"node": "a"}}],
              "settings": {"parallelism": "four"},
              "futureField": true}}
            """);

    assertProblem(response, 422, "urn:sluice:problem:invalid-pipeline-document");
    JsonNode errors = response.json().path("errors");
    assertThat(errors.size()).isGreaterThanOrEqualTo(5);
    assertThat(errors.findValuesAsText("field"))
        .contains(
            "futureField", "nodes[0].id", "nodes[0].colour", "edges[0].to", "settings.parallelism");
    assertThat(api.get("/api/pipelines/" + id).json().path("latestVersion").asInt()).isEqualTo(1);
  }

  @Test
  void validatesADocumentAndReturnsEveryProblemAtOnce() {
    ApiClient.Response response =
        api.post(
            "/api/validate",
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "src", "type": "file-directory", "config": {}},
               {"id": "src", "type": "filter", "config": {"condition": "x > 1"}},
               {"id": "mystery", "type": "teleport"},
               {"id": "loner", "type": "filter", "config": {"condition": "true"}}],
             "edges": [{"from": {"node": "src"}, "to": {"node": "ghost"}}]}
            """);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.path("valid").asBoolean()).isFalse();
    assertThat(body.path("problems").findValuesAsText("code"))
        .contains(
            "duplicate-node-id",
            "missing-config",
            "unknown-node-type",
            "dangling-edge",
            "unconnected-node",
            "no-sink");
  }

  @Test
  void typeChecksExpressionsAgainstTheFieldsThatReachThem() {
    ApiClient.Response wrong =
        api.post("/api/validate", VALID_DOCUMENT.replace("amount > 100", "amout > 100"));
    assertThat(wrong.status()).isEqualTo(200);
    JsonNode problem = wrong.json().path("problems").get(0);
    assertThat(problem.path("nodeId").asText()).isEqualTo("big");
    assertThat(problem.path("code").asText()).isEqualTo("invalid-expression");
    assertThat(problem.path("message").asText()).containsIgnoringCase("amout");

    JsonNode valid = api.post("/api/validate", VALID_DOCUMENT).json();
    assertThat(valid.path("valid").asBoolean()).as(valid.toString()).isTrue();
    assertThat(valid.at("/fields/big").findValuesAsText("name")).containsExactly("id", "amount");
    assertThat(valid.at("/fields/big/1/type").asText()).isEqualTo("double");
  }

  @Test
  void listsSearchesRenamesAndDeletesPipelines() {
    String id = create("Payments EU").path("id").asText();
    create("payments-us");
    create("inventory");

    assertThat(api.get("/api/pipelines?search=PAYMENTS").json().findValuesAsText("name"))
        .containsExactly("Payments EU", "payments-us");

    ApiClient.Response renamed =
        api.patch("/api/pipelines/" + id, "{\"name\": \"payments-eu\", \"description\": \"EU\"}");
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().path("name").asText()).isEqualTo("payments-eu");
    assertThat(renamed.json().path("latestVersion").asInt()).isEqualTo(1);

    assertProblem(
        api.patch("/api/pipelines/" + id, "{\"name\": \"Inventory\"}"),
        409,
        "urn:sluice:problem:duplicate-name");

    assertThat(api.delete("/api/pipelines/" + id).status()).isEqualTo(204);
    assertProblem(api.get("/api/pipelines/" + id), 404, "urn:sluice:problem:not-found");
    assertProblem(api.delete("/api/pipelines/" + id), 404, "urn:sluice:problem:not-found");
    assertThat(api.get("/api/pipelines").json().findValuesAsText("name"))
        .doesNotContain("payments-eu");
  }

  @Test
  void deletingAPipelineDropsTheReplicationSlotsOfItsChangeDataCaptureNodes() throws Exception {
    var db = CATALOG.settings();
    String walLevel =
        CATALOG.jdbi().withHandle(h -> h.select("SHOW wal_level").mapTo(String.class).one());
    org.junit.jupiter.api.Assumptions.assumeTrue(
        walLevel.equals("logical"),
        "The test PostgreSQL runs with wal_level="
            + walLevel
            + "; replication slots need logical.");
    String id = create("changes").path("id").asText();
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "orders", "type": "postgres-cdc",
            "config": {"jdbcUrl": "%s", "user": "%s", "table": "orders", "fields": ["id: long"]}},
           {"id": "gone", "type": "postgres-cdc",
            "config": {"jdbcUrl": "jdbc:postgresql://127.0.0.1:1/nowhere", "table": "orders",
                       "fields": ["id: long"]}}],
         "edges": []}
        """
            .formatted(db.jdbcUrl(), db.user());
    ApiClient.Response saved =
        api.put(
            "/api/pipelines/" + id,
            "{\"baseVersion\": 1, \"message\": \"cdc\", \"document\": " + document + "}");
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    String slot = io.sluice.connectors.postgres.cdc.ReplicationSlots.slotName("p-" + id, "orders");
    CATALOG
        .jdbi()
        .useHandle(
            h ->
                h.select("SELECT pg_create_logical_replication_slot(?, 'pgoutput')", slot)
                    .mapToMap()
                    .one());

    // One slot's server cannot be reached: nothing is deleted, and the problem says which.
    ApiClient.Response refused = api.delete("/api/pipelines/" + id);
    assertProblem(refused, 409, "urn:sluice:problem:replication-slot-not-dropped");
    assertThat(refused.json().path("slots").findValuesAsText("node")).containsExactly("gone");
    assertThat(slots(slot)).isZero();

    assertThat(api.delete("/api/pipelines/" + id + "?keepReplicationSlots=true").status())
        .isEqualTo(204);
    assertProblem(api.get("/api/pipelines/" + id), 404, "urn:sluice:problem:not-found");
  }

  private static long slots(String slot) {
    return CATALOG
        .jdbi()
        .withHandle(
            h ->
                h.select("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", slot)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void refusesADuplicateName() {
    create("twin");
    assertProblem(
        api.post("/api/pipelines", "{\"name\": \"TWIN\"}"),
        409,
        "urn:sluice:problem:duplicate-name");
  }

  @Test
  void reportsEveryBadFieldOfARequestBody() {
    ApiClient.Response response =
        api.post(
            "/api/pipelines",
            """
            {"name": 42, "description": ["x"], "document": "nope", "colour": "red"}
            """);

    assertProblem(response, 400, "urn:sluice:problem:invalid-request-body");
    assertThat(response.json().path("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("name", "description", "document", "colour");
  }

  @Test
  void answersMalformedJsonWithA400NamingThePosition() {
    ApiClient.Response response = api.post("/api/pipelines", "{\"name\": \"x\",,}");
    assertProblem(response, 400, "urn:sluice:problem:malformed-json");
    assertThat(response.json().path("detail").asText()).contains("line 1");

    assertProblem(api.post("/api/validate", ""), 400, "urn:sluice:problem:malformed-json");
  }

  @Test
  void answersAnOversizedBodyWith413() {
    String big = "{\"name\": \"" + "x".repeat(100 * 1024) + "\"}";
    assertProblem(api.post("/api/pipelines", big), 413, "about:blank");
  }

  @Test
  void answersUnknownPathsAndIdsWith404Problems() {
    assertProblem(api.get("/api/nothing-here"), 404, "about:blank");
    assertProblem(api.get("/api/pipelines/not-a-uuid"), 404, "urn:sluice:problem:not-found");
    assertProblem(
        api.get("/api/pipelines/00000000-0000-0000-0000-000000000000"),
        404,
        "urn:sluice:problem:not-found");
    assertProblem(
        api.get("/api/pipelines/00000000-0000-0000-0000-000000000000/versions"),
        404,
        "urn:sluice:problem:not-found");
  }

  @Test
  void listsNodeTypesWithTheirDescriptors() {
    JsonNode types = api.get("/api/node-types").json();
    assertThat(types.findValuesAsText("type"))
        .contains("file-directory", "filter", "derive", "postgres");
    JsonNode postgres = null;
    for (JsonNode type : types) {
      if (type.path("type").asText().equals("postgres")) {
        postgres = type;
      }
    }
    assertThat(postgres).isNotNull();
    assertThat(postgres.path("role").asText()).isEqualTo("sink");
    JsonNode password = null;
    for (JsonNode field : postgres.path("fields")) {
      if (field.path("name").asText().equals("password")) {
        password = field;
      }
    }
    assertThat(password).isNotNull();
    assertThat(password.path("secret").asBoolean()).isTrue();
  }

  @Test
  void reportsTheCatalogUpInHealth() {
    ApiClient.Response response = api.get("/api/health");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("status").asText()).isEqualTo("up");
    assertThat(response.json().at("/catalog/serverVersion").asText()).isNotBlank();
    assertThat(response.json().at("/catalog/schemaVersion").asInt()).isPositive();
  }

  @Test
  void servesTheUserInterfaceAtTheRoot() {
    ApiClient.Response response = api.get("/");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/html");
    assertThat(response.body()).contains("<title>Sluice</title>");
  }

  @Test
  void servesTheUserInterfaceForTheDesignersOwnPages() {
    ApiClient.Response page = api.page("/pipelines/6f1c2d9e-0000-4000-8000-000000000000");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<title>Sluice</title>");
    // API paths stay API paths, even for a browser.
    assertProblem(api.page("/api/nothing-here"), 404, "about:blank");
  }
}
