package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throws hostile requests at the API: oversize and deeply nested bodies, JSON with random damage, a
 * wrong type in every field of a pipeline document, SQL in names and expressions, paths that try to
 * leave the allowed directories, odd path parameters. Every request gets a 4xx problem document or
 * is accepted as data; none gets a 500; and a refused request leaves every catalog table as it was.
 *
 * <p>The damaged bodies come from a seeded generator rather than a property-testing library: the
 * cases are the same on every run, and a failure names the body that caused it.
 */
class HostileInputTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BODY = 64 * 1024;
  private static final String SQL = "x'); DROP TABLE pipelines; --";

  private static final String DOCUMENT =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "gen", "type": "generator", "typeVersion": 1, "name": "Numbers",
          "config": {"seed": 1, "count": 10, "recordsPerSecond": 0}},
         {"id": "big", "type": "filter", "config": {"condition": "amount > 100", "onError": "skip"}},
         {"id": "out", "type": "file-directory-sink",
          "config": {"path": "/tmp/hostile-out", "format": "csv"}}],
       "edges": [
         {"from": {"node": "gen", "port": "out"}, "to": {"node": "big", "port": "in"}},
         {"from": {"node": "big"}, "to": {"node": "out"}}],
       "settings": {"checkpointInterval": "10s", "parallelism": 1,
                    "deliveryGuarantee": "exactly-once"},
       "layout": {"gen": {"x": 0, "y": 0}}}
      """;

  private static SluiceRuntime server;
  private static ApiClient api;
  private static String pipelineId;
  private static int version;

  @BeforeAll
  static void start() {
    server =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("hostile"))
                .withPort(0)
                .withMaxRequestBytes(MAX_BODY),
            CATALOG.catalog(),
            false);
    api = new ApiClient(server.port());
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"target\", \"document\": " + DOCUMENT + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    pipelineId = created.json().path("id").asText();
    version = 1;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anOversizeBodyIsA413ProblemAndChangesNothing() {
    String huge = "{\"name\": \"" + "a".repeat((int) MAX_BODY * 2) + "\"}";
    ApiClient.Response response = refused("POST", "/api/pipelines", huge);
    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void deepNestingIsA400Problem() {
    String deepArray = "[".repeat(5000) + "]".repeat(5000);
    assertThat(refused("POST", "/api/pipelines", deepArray).status()).isEqualTo(400);
    String deepConfig =
        "{\"name\": \"deep\", \"document\": {\"formatVersion\": 1, \"nodes\": [{\"id\": \"a\","
            + " \"type\": \"filter\", \"config\": {\"condition\": "
            + "{\"a\": ".repeat(200)
            + "1"
            + "}".repeat(200)
            + "}}]}}";
    assertThat(refused("POST", "/api/pipelines", deepConfig).status()).isEqualTo(400);
  }

  @Test
  void damagedJsonNeverGetsA500() {
    Random random = new Random(20261202L);
    String body = "{\"baseVersion\": 1, \"document\": " + DOCUMENT + "}";
    for (int i = 0; i < 150; i++) {
      StringBuilder damaged = new StringBuilder(body);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(damaged.length());
        switch (random.nextInt(4)) {
          case 0 -> damaged.deleteCharAt(at);
          case 1 ->
              damaged.insert(at, "{}[]\",:\\0-e9tfn\u0000\u00ff\ud83d".charAt(random.nextInt(14)));
          case 2 -> damaged.setCharAt(at, (char) (32 + random.nextInt(95)));
          default -> damaged.delete(at, Math.min(damaged.length(), at + random.nextInt(40)));
        }
      }
      send("PUT", "/api/pipelines/" + pipelineId, damaged.toString());
      send("POST", "/api/pipelines", damaged.toString());
      send("POST", "/api/validate", damaged.toString());
    }
  }

  @Test
  void aWrongTypeInEveryFieldOfTheDocumentNeverGetsA500() throws Exception {
    JsonNode document = JSON.readTree(DOCUMENT);
    List<JsonNode> wrong =
        List.of(
            JsonNodeFactory.instance.nullNode(),
            JsonNodeFactory.instance.numberNode(-1),
            JsonNodeFactory.instance.numberNode(new java.math.BigDecimal("1e400")),
            JsonNodeFactory.instance.textNode(""),
            JsonNodeFactory.instance.textNode(SQL),
            JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.objectNode());
    List<String> pointers = new ArrayList<>();
    collect(document, "", pointers);
    assertThat(pointers).hasSizeGreaterThan(30);
    for (String pointer : pointers) {
      for (JsonNode value : wrong) {
        JsonNode changed = replaced(document, pointer, value);
        send(
            "PUT",
            "/api/pipelines/" + pipelineId,
            "{\"baseVersion\": " + version + ", \"document\": " + changed + "}");
      }
    }
    // And the request bodies' own fields.
    for (String field : List.of("name", "description", "document", "message", "author")) {
      for (JsonNode value : wrong) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", "typed");
        body.set(field, value);
        send("POST", "/api/pipelines", body.toString());
      }
    }
  }

  @Test
  void sqlInNamesIsStoredAsTextAndSqlInAnExpressionIsAProblemOnTheNode() {
    ApiClient.Response named =
        api.post(
            "/api/pipelines", JsonNodeFactory.instance.objectNode().put("name", SQL).toString());
    assertThat(named.status()).as(named.body()).isEqualTo(201);
    assertThat(
            api.get("/api/pipelines/" + named.json().path("id").asText())
                .json()
                .path("name")
                .asText())
        .isEqualTo(SQL);
    Long pipelines =
        CATALOG
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT count(*) FROM pipelines").mapTo(Long.class).one());
    assertThat(pipelines).isGreaterThanOrEqualTo(2L);

    ApiClient.Response injected =
        send(
            "POST",
            "/api/validate",
            DOCUMENT.replace("amount > 100", "amount > 1; DROP TABLE pipelines; --"));
    assertThat(injected.status()).isEqualTo(200);
    assertThat(injected.json().path("valid").asBoolean()).isFalse();
    assertThat(injected.json().path("problems"))
        .anySatisfy(p -> assertThat(p.path("nodeId").asText()).isEqualTo("big"));
    assertThat(
            api.get(
                    "/api/pipelines?search="
                        + java.net.URLEncoder.encode(SQL, java.nio.charset.StandardCharsets.UTF_8))
                .status())
        .isEqualTo(200);
  }

  @Test
  void pathTraversalInADirectoryIsAProblemOnTheNodeAndField() {
    for (String path :
        List.of("/tmp/../etc", "../../etc/passwd", "/etc/ssl", "/tmp/a/../../root")) {
      ApiClient.Response checked =
          send("POST", "/api/validate", DOCUMENT.replace("/tmp/hostile-out", path));
      assertThat(checked.json().path("problems"))
          .as(path)
          .anySatisfy(
              p -> {
                assertThat(p.path("nodeId").asText()).isEqualTo("out");
                assertThat(p.path("field").asText()).isEqualTo("path");
                assertThat(p.path("code").asText()).isEqualTo("path-not-allowed");
              });
    }
  }

  @Test
  void oddPathsAndBodiesGetProblemDocuments() {
    for (String path :
        List.of(
            "/api/pipelines/not-a-uuid",
            "/api/pipelines/%00",
            "/api/pipelines/" + pipelineId + "/versions/99999999999999",
            "/api/pipelines/" + pipelineId + "/versions/-1",
            "/api/runs/%27%3B--",
            "/api/connections/..%2F..%2Fetc",
            "/api/node-types/%3Cscript%3E/check")) {
      ApiClient.Response r = send("GET", path, null);
      assertThat(r.status()).as(path).isBetween(400, 499);
    }
    for (String body :
        List.of(
            "",
            "null",
            "[]",
            "42",
            "\"text\"",
            "{\"name\": \"a\"} trailing",
            "{\"name\": \"a\", \"name\": \"b\"}")) {
      send("POST", "/api/pipelines", body);
      send("POST", "/api/connections", body);
      send("PUT", "/api/pipelines/" + pipelineId, body);
    }
    ApiClient.Response longName =
        refused("POST", "/api/pipelines", "{\"name\": \"" + "n".repeat(5000) + "\"}");
    assertThat(longName.status()).isEqualTo(400);
  }

  /** A request that must be refused: a 4xx problem, and the catalog as it was. */
  private static ApiClient.Response refused(String method, String path, String body) {
    String before = catalogDump();
    ApiClient.Response response = api.send(method, path, body);
    assertThat(response.status()).as(response.body()).isBetween(400, 499);
    assertProblem(response);
    assertThat(catalogDump()).isEqualTo(before);
    return response;
  }

  /**
   * Any request: never a 5xx; a refusal is a problem document and changes nothing; an accepted save
   * moves the version on.
   */
  private static ApiClient.Response send(String method, String path, String body) {
    String before = catalogDump();
    ApiClient.Response response = api.send(method, path, body);
    assertThat(response.status())
        .as("%s %s with %s answered %s", method, path, body, response.body())
        .isLessThan(500);
    if (response.status() >= 400) {
      assertProblem(response);
      assertThat(catalogDump()).as("%s %s with %s", method, path, body).isEqualTo(before);
    } else if (method.equals("PUT") && response.status() == 200) {
      version = response.json().path("latestVersion").asInt(version);
    }
    return response;
  }

  private static void assertProblem(ApiClient.Response response) {
    assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("status").asInt()).isEqualTo(response.status());
    assertThat(problem.path("detail").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("at io.sluice", "at com.fasterxml");
  }

  /** Every catalog table but the leases, which the backend renews by itself, as text. */
  private static String catalogDump() {
    return CATALOG
        .jdbi()
        .withHandle(
            h -> {
              StringBuilder all = new StringBuilder();
              for (String table :
                  h.createQuery(
                          """
                          SELECT table_name FROM information_schema.tables
                          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                            AND table_name <> 'leases' ORDER BY table_name
                          """)
                      .mapTo(String.class)
                      .list()) {
                all.append(table).append('\n');
                h.createQuery("SELECT t::text FROM " + table + " t ORDER BY 1")
                    .mapTo(String.class)
                    .forEach(row -> all.append(row).append('\n'));
              }
              return all.toString();
            });
  }

  private static void collect(JsonNode node, String pointer, List<String> out) {
    if (!pointer.isEmpty()) {
      out.add(pointer);
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        collect(e.getValue(), pointer + "/" + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  private static JsonNode replaced(JsonNode document, String pointer, JsonNode value) {
    JsonNode copy = document.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = copy.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    }
    return copy;
  }
}
