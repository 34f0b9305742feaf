package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter browser against real runs on the embedded Flink engine and a real PostgreSQL: a
 * strict CSV source rejects lines, the API lists and downloads them with their reasons, and after
 * the pipeline is fixed a replay delivers them to the table exactly once and marks them replayed,
 * while a line that still does not fit comes back as a new dead letter with the new reason.
 */
class DeadLetterApiIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private static SluiceRuntime sluice;
  private static ApiClient api;
  private static RunFixtures runs;
  private static TestDatabase target;

  @BeforeAll
  static void start() {
    target = TestPostgres.freshDatabase();
    sluice =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("dead-letters")).withPort(0),
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

  /** files (CSV, {@code amount} of {@code amountType}) → big: amount >= 10 → db (table paid). */
  private static String document(Path in, String amountType) {
    return """
        {"formatVersion": 1,
         "nodes": [
           {"id": "files", "type": "file-directory",
            "config": {"path": "%s", "fields": ["id: long", "amount: %s"],
                       "discoveryInterval": "200ms"}},
           {"id": "big", "type": "filter", "config": {"condition": "amount >= 10"}},
           %s],
         "edges": [%s, %s],
         "settings": {"checkpointInterval": "300ms"}}
        """
        .formatted(
            in,
            amountType,
            runs.sink("paid"),
            RunFixtures.edge("files", "big"),
            RunFixtures.edge("big", "db"));
  }

  private static void execute(String sql) throws Exception {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.createStatement().execute(sql);
    }
  }

  private static JsonNode deadLetters(String pipeline, String query) {
    ApiClient.Response page = api.get("/api/pipelines/" + pipeline + "/dead-letters" + query);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return page.json();
  }

  @Test
  void listsDownloadsAndReplaysRejectedLinesThroughTheFixedVersionExactlyOnce() throws Exception {
    // Amounts are decimals in the table, but the first version reads them as whole numbers.
    execute("CREATE TABLE paid (id bigint, amount numeric)");
    Path in = Files.createDirectories(TestDirs.fresh("dead-letter-files").resolve("in"));
    ApiClient.Response created =
        api.post(
            "/api/pipelines", "{\"name\": \"paid\", \"document\": " + document(in, "long") + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "running");
    Files.writeString(
        in.resolve("orders.csv"), "id,amount\n1,20\n2,12.5\n3,5\n4,abc\n5,30.25\n6,40\n");
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () ->
                runs.query("SELECT count(*) FROM paid") == 2
                    && deadLetters(id, "").path("items").size() == 3);

    // Listed newest first with node, source and reason; paged by cursor; filtered by node.
    JsonNode first = deadLetters(id, "?limit=2");
    assertThat(first.path("items")).hasSize(2);
    JsonNode rest = deadLetters(id, "?limit=2&after=" + first.path("next").asLong());
    assertThat(rest.path("items")).hasSize(1);
    assertThat(rest.has("next")).isFalse();
    List<JsonNode> all = new ArrayList<>();
    first.path("items").forEach(all::add);
    rest.path("items").forEach(all::add);
    assertThat(all)
        .extracting(d -> d.path("raw").asText())
        .containsExactly("5,30.25", "4,abc", "2,12.5");
    assertThat(all)
        .allSatisfy(
            d -> {
              assertThat(d.path("node").asText()).isEqualTo("files");
              assertThat(d.path("run").asText()).isEqualTo(runId);
              assertThat(d.path("status").asText()).isEqualTo("waiting");
              assertThat(d.path("reason").asText()).contains("amount");
            });
    assertThat(all.get(1).path("source").asText()).endsWith("orders.csv:5");
    assertThat(deadLetters(id, "?node=big").path("items")).isEmpty();
    JsonNode counts = api.get("/api/pipelines/" + id + "/dead-letters/counts").json();
    assertThat(counts.path("total").asLong()).isEqualTo(3);
    assertThat(counts.at("/nodes/0/node").asText()).isEqualTo("files");
    assertThat(counts.at("/nodes/0/waiting").asLong()).isEqualTo(3);

    ApiClient.Response jsonl = api.get("/api/pipelines/" + id + "/dead-letters/download");
    assertThat(jsonl.status()).isEqualTo(200);
    assertThat(jsonl.contentType()).startsWith("application/x-ndjson");
    assertThat(jsonl.body().lines().map(l -> readTree(l).path("raw").asText()))
        .containsExactly("2,12.5", "4,abc", "5,30.25");
    ApiClient.Response csv =
        api.get("/api/pipelines/" + id + "/dead-letters/download?format=csv&node=files");
    assertThat(csv.contentType()).startsWith("text/csv");
    List<String> csvLines = csv.body().lines().toList();
    assertThat(csvLines).hasSize(4);
    assertThat(csvLines.get(0)).isEqualTo("id,run,node,source,at,reason,raw,status,replayedAt");
    assertThat(csvLines.get(1)).contains("\"2,12.5\"", "files", runId);

    // A replay is a run of the pipeline: not while it runs.
    ApiClient.Response busy =
        api.post("/api/pipelines/" + id + "/dead-letters/replay", "{\"node\": \"files\"}");
    assertThat(busy.status()).as(busy.body()).isEqualTo(409);
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);

    // The fix: amounts are decimals.
    ApiClient.Response saved =
        api.put(
            "/api/pipelines/" + id,
            "{\"baseVersion\": 1, \"document\": " + document(in, "decimal") + "}");
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    ApiClient.Response replay =
        api.post("/api/pipelines/" + id + "/dead-letters/replay", "{\"node\": \"files\"}");
    assertThat(replay.status()).as(replay.body()).isEqualTo(201);
    assertThat(replay.json().path("deadLetters")).hasSize(3);
    String replayRun = replay.json().at("/run/id").asText();
    assertThat(replay.json().at("/run/version").asInt()).isEqualTo(2);
    runs.awaitState(replayRun, "finished");

    assertThat(runs.query("SELECT count(*) FROM paid")).isEqualTo(4);
    assertThat(runs.query("SELECT count(DISTINCT id) FROM paid")).isEqualTo(4);
    assertThat(runs.query("SELECT sum(id) FROM paid")).isEqualTo(1 + 2 + 5 + 6);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(deadLetters(id, "?run=" + runId).path("items"))
                    .allSatisfy(
                        d -> {
                          assertThat(d.path("status").asText()).isEqualTo("replayed");
                          assertThat(d.path("replayRun").asText()).isEqualTo(replayRun);
                        }));
    JsonNode again = deadLetters(id, "?run=" + replayRun).path("items");
    assertThat(again).hasSize(1);
    assertThat(again.get(0).path("raw").asText()).isEqualTo("4,abc");
    assertThat(again.get(0).path("reason").asText()).contains("decimal");
    assertThat(again.get(0).path("status").asText()).isEqualTo("waiting");

    // Replayed dead letters are not replayed twice.
    ApiClient.Response twice =
        api.post(
            "/api/pipelines/" + id + "/dead-letters/replay",
            "{\"ids\": [" + all.get(0).path("id").asLong() + "]}");
    assertThat(twice.status()).as(twice.body()).isEqualTo(409);
    assertThat(twice.body()).contains("replayed already");
  }

  @Test
  void answersBadRequestsWithProblemsThatNameWhatIsWrong() {
    String id =
        runs.create(
            "dead-letter-checks",
            """
            {"id": "gen", "type": "generator", "config": {"count": 1}},
            """
                + runs.sink("checks"),
            RunFixtures.edge("gen", "db"));
    String base = "/api/pipelines/" + id + "/dead-letters";

    ApiClient.Response limit = api.get(base + "?limit=0&run=nope");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.contentType()).startsWith("application/problem+json");
    assertThat(limit.json().path("errors"))
        .extracting(e -> e.path("field").asText())
        .containsExactlyInAnyOrder("limit", "run");
    assertThat(api.get(base + "/download?format=xml").status()).isEqualTo(400);
    ApiClient.Response both = api.post(base + "/replay", "{\"ids\": [1], \"node\": \"gen\"}");
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().at("/errors/0/field").asText()).isEqualTo("node");
    assertThat(api.post(base + "/replay", "{}").status()).isEqualTo(400);
    ApiClient.Response unknown = api.post(base + "/replay", "{\"ids\": [999999]}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body()).contains("999999");
    ApiClient.Response none = api.post(base + "/replay", "{\"node\": \"gen\"}");
    assertThat(none.status()).isEqualTo(422);
    assertThat(api.get("/api/pipelines/00000000-0000-0000-0000-000000000000/dead-letters").status())
        .isEqualTo(404);
  }

  @Test
  void saysSoWhenThePipelinesDeadLettersGoToADirectory() {
    String document =
        """
        {"formatVersion": 1,
         "nodes": [{"id": "gen", "type": "generator", "config": {"count": 1}}, %s],
         "edges": [%s],
         "settings": {"deadLetter": {"type": "directory", "path": "/tmp/bad"}}}
        """
            .formatted(runs.sink("elsewhere"), RunFixtures.edge("gen", "db"));
    String id =
        api.post("/api/pipelines", "{\"name\": \"elsewhere\", \"document\": " + document + "}")
            .json()
            .path("id")
            .asText();

    ApiClient.Response list = api.get("/api/pipelines/" + id + "/dead-letters");

    assertThat(list.status()).isEqualTo(409);
    assertThat(list.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:dead-letters-elsewhere");
    assertThat(list.json().path("detail").asText()).contains("/tmp/bad");
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
