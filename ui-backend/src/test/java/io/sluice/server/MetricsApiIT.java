package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Metrics of real runs on the embedded Flink engine, into a real PostgreSQL: the counts per node
 * equal what the pipeline really read, filtered, wrote and dead-lettered; the event stream pushes
 * values while a run goes on; {@code /metrics} is valid Prometheus text with pipeline and node
 * labels.
 */
class MetricsApiIT {
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
    SluiceConfig config =
        SluiceConfig.defaults(TestDirs.fresh("metrics"))
            .withPort(0)
            .withMetrics(
                new SluiceConfig.Metrics(
                    Duration.ofSeconds(1), Duration.ofHours(6), Duration.ofDays(7)));
    sluice = SluiceRuntime.start(config, CATALOG.catalog(), false);
    api = new ApiClient(sluice.port());
    runs = new RunFixtures(api, target);
  }

  @AfterAll
  static void stop() {
    sluice.close();
    target.close();
  }

  /** The live metrics of a node, once {@code field} has reached {@code expected}. */
  private static JsonNode awaitNode(String pipelineId, String node, String field, long expected) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              JsonNode live = api.get("/api/pipelines/" + pipelineId + "/metrics/live").json();
              last[0] = nodeOf(live.path("metrics"), node);
              assertThat(last[0].path(field).asLong(-1)).as(live.toString()).isEqualTo(expected);
            });
    return last[0];
  }

  private static JsonNode nodeOf(JsonNode runMetrics, String node) {
    for (JsonNode n : runMetrics.path("nodes")) {
      if (n.path("nodeId").asText().equals(node)) {
        return n;
      }
    }
    return JSON.createObjectNode();
  }

  /** An event of the stream: its name and parsed data. */
  private record Event(String name, JsonNode data) {}

  /** Reads {@code /api/events?pipeline=<id>} in the background into a list. */
  private static List<Event> listen(String pipelineId) {
    List<Event> events = new CopyOnWriteArrayList<>();
    HttpRequest request =
        api.authorize(
                HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + sluice.port()
                            + "/api/events?pipeline="
                            + pipelineId)))
            .header("accept", "text/event-stream")
            .build();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(
        r -> {
          String[] name = {null};
          r.body()
              .forEach(
                  line -> {
                    if (line.startsWith("event:")) {
                      name[0] = line.substring("event:".length()).trim();
                    } else if (line.startsWith("data:")) {
                      try {
                        events.add(
                            new Event(name[0], JSON.readTree(line.substring("data:".length()))));
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }
                  });
        });
    return events;
  }

  @Test
  void countsEveryRecordThroughAFilterAndPushesValuesWhileTheRunGoesOn() throws Exception {
    String id =
        runs.create(
            "evens",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 3, "count": 3000, "recordsPerSecond": 600}},
            {"id": "keep", "type": "filter", "config": {"condition": "MOD(id, 2) = 0"}},
            {"id": "calc", "type": "derive", "config": {"fields": ["doubled = amount * 2"]}},
            """
                + runs.sink("evens"),
            String.join(
                ",",
                RunFixtures.edge("gen", "keep"),
                RunFixtures.edge("keep", "calc"),
                RunFixtures.edge("calc", "db")));
    List<Event> events = listen(id);
    Instant started = Instant.now();
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "finished");

    JsonNode gen = awaitNode(id, "gen", "recordsOut", 3000);
    JsonNode keep = awaitNode(id, "keep", "recordsOut", 1500);
    JsonNode calc = awaitNode(id, "calc", "recordsOut", 1500);
    JsonNode db = awaitNode(id, "db", "recordsIn", 1500);
    assertThat(runs.query("SELECT count(*) FROM evens")).isEqualTo(1500);
    assertThat(gen.path("kind").asText()).isEqualTo("source");
    assertThat(keep.path("recordsIn").asLong()).isEqualTo(3000);
    assertThat(calc.path("recordsIn").asLong()).isEqualTo(1500);
    assertThat(db.path("recordsOut").asLong(-1))
        .as("the PostgreSQL sink counts what it wrote")
        .isEqualTo(1500);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(events)
                  .as("metrics pushed while the run was running")
                  .anySatisfy(
                      e -> {
                        assertThat(e.name()).isEqualTo("metrics");
                        assertThat(e.data().path("state").asText()).isEqualTo("running");
                        assertThat(e.data().path("runId").asText()).isEqualTo(runId);
                      });
              assertThat(events)
                  .as("the end of the run pushed")
                  .anySatisfy(
                      e -> {
                        assertThat(e.name()).isEqualTo("run");
                        assertThat(e.data().path("state").asText()).isEqualTo("finished");
                      });
            });
    assertThat(events)
        .as("pushed counts never exceed the real ones")
        .filteredOn(e -> e.name().equals("metrics"))
        .allSatisfy(
            e ->
                assertThat(nodeOf(e.data().path("metrics"), "gen").path("recordsOut").asLong())
                    .isBetween(0L, 3000L));

    JsonNode series =
        api.get(
                "/api/runs/"
                    + runId
                    + "/metrics?from="
                    + started.minusSeconds(60)
                    + "&to="
                    + Instant.now().plusSeconds(60)
                    + "&step=5s")
            .json();
    assertThat(series.path("step").asText()).isEqualTo("5s");
    JsonNode points = series.path("nodes").path("keep");
    assertThat(points.size()).isPositive();
    assertThat(points.get(points.size() - 1).path("recordsOut").asLong()).isEqualTo(1500);
    assertThat(series.path("run").size()).isPositive();
  }

  @Test
  void countsTheLinesAFileSourceSendsToTheDeadLetter() throws Exception {
    Path in = Files.createDirectories(TestDirs.fresh("files").resolve("in"));
    String id =
        runs.create(
            "files",
            """
            {"id": "files", "type": "file-directory",
             "config": {"path": "%s", "fields": ["id: long", "amount: double"],
                        "discoveryInterval": "200ms"}},
            """
                    .formatted(in)
                + runs.sink("from_files"),
            RunFixtures.edge("files", "db"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "running");
    Files.writeString(in.resolve("a.csv"), "id,amount\n1,1.5\n2,oops\n3,2.5\n");
    Files.writeString(in.resolve("b.csv"), "id,amount\nfour,1.0\n5,3.5\n");

    JsonNode files = awaitNode(id, "files", "deadLetterRecords", 2);
    awaitNode(id, "db", "recordsIn", 3);
    files = awaitNode(id, "files", "recordsOut", 3);
    assertThat(files.path("recordsIn").asLong()).isEqualTo(5);
    assertThat(files.path("skippedRecords").asLong()).isZero();
    // Both files read: the source's lag (reported by its enumerator) is measured and back to 0.
    files = awaitNode(id, "files", "lagFiles", 0);
    assertThat(files.path("lagBytes").asLong(-1)).isZero();
    assertThat(PrometheusText.parse(api.get("/metrics").body()))
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("sluice_node_lag_files");
              assertThat(s.labels()).containsEntry("pipeline", id).containsEntry("node", "files");
              assertThat(s.value()).isZero();
            });
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> runs.query("SELECT count(*) FROM from_files") == 3);
    long deadLetters =
        CATALOG
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM dead_letters WHERE pipeline = :p")
                        .bind("p", "p-" + id)
                        .mapTo(Long.class)
                        .one());
    assertThat(deadLetters).isEqualTo(2);
    JsonNode live = api.get("/api/pipelines/" + id + "/metrics/live").json();
    assertThat(live.at("/metrics/deadLetterRecords").asLong()).isEqualTo(2);
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);
  }

  @Test
  void exportsPrometheusTextWithPipelineAndNodeLabels() {
    String id =
        runs.create(
            "scraped",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 4, "count": 200, "recordsPerSecond": 0}},
            """
                + runs.sink("scraped"),
            RunFixtures.edge("gen", "db"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "finished");
    awaitNode(id, "db", "recordsIn", 200);

    ApiClient.Response scraped = api.get("/metrics");
    assertThat(scraped.status()).isEqualTo(200);
    assertThat(scraped.contentType()).startsWith("text/plain");
    List<PrometheusText.Sample> samples = PrometheusText.parse(scraped.body());
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("sluice_node_records_out_total");
              assertThat(s.labels()).containsEntry("pipeline", id).containsEntry("node", "gen");
              assertThat(s.value()).isEqualTo(200.0);
            });
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("sluice_node_records_in_total");
              assertThat(s.labels()).containsEntry("pipeline", id).containsEntry("node", "db");
              assertThat(s.value()).isEqualTo(200.0);
            });
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).startsWith("sluice_run_checkpoints_completed");
              assertThat(s.labels()).containsEntry("pipeline", id);
            });
  }

  @Test
  void theOverviewListsEveryPipelineWithItsRunMetricsAndLastHourInOneAnswer() {
    String idle =
        runs.create(
            "never-run",
            """
            {"id": "gen", "type": "generator", "config": {"count": 10}},
            """
                + runs.sink("never_run"),
            RunFixtures.edge("gen", "db"));
    String id =
        runs.create(
            "overview",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 5, "count": 2000, "recordsPerSecond": 500}},
            """
                + runs.sink("overview"),
            RunFixtures.edge("gen", "db"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "finished");
    awaitNode(id, "db", "recordsIn", 2000);

    JsonNode overview = api.get("/api/overview").json();
    assertThat(overview.path("step").asText()).isEqualTo("1m");
    JsonNode ran = pipelineIn(overview, id);
    assertThat(ran.path("name").asText()).isEqualTo("overview");
    assertThat(ran.at("/latestRun/id").asText()).isEqualTo(runId);
    assertThat(ran.at("/latestRun/state").asText()).isEqualTo("finished");
    assertThat(nodeOf(ran.path("metrics"), "gen").path("recordsOut").asLong()).isEqualTo(2000);
    assertThat(nodeOf(ran.path("metrics"), "db").path("recordsIn").asLong()).isEqualTo(2000);
    assertThat(ran.path("lastCheckpointAt").asText()).as(ran.toString()).isNotBlank();
    JsonNode points = ran.path("throughput");
    assertThat(points.size()).as(ran.toString()).isPositive();
    assertThat(points)
        .as("the sources' and the sinks' rates are summed per step")
        .anySatisfy(
            p -> {
              assertThat(p.path("recordsInPerSecond").isNumber()).isTrue();
              assertThat(p.path("recordsOutPerSecond").isNumber()).isTrue();
            });

    JsonNode never = pipelineIn(overview, idle);
    assertThat(never.has("latestRun")).isFalse();
    assertThat(never.has("metrics")).isFalse();
    assertThat(never.path("throughput").size()).isZero();
  }

  private static JsonNode pipelineIn(JsonNode overview, String id) {
    for (JsonNode p : overview.path("pipelines")) {
      if (p.path("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("pipeline " + id + " is not in the overview: " + overview);
  }

  @Test
  void namesTheFailureBehindEachAutomaticRestart() {
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"count": 5, "recordsPerSecond": 0}},
           {"id": "parse", "type": "derive",
            "config": {"fields": ["n = CAST(name AS INT)"], "onError": "fail"}},
           %s],
         "edges": [%s, %s],
         "settings": {"checkpointInterval": "300ms",
                      "restartPolicy": {"type": "fixed-delay", "attempts": 2, "delay": "100ms"}}}
        """
            .formatted(
                runs.sink("restarts"),
                RunFixtures.edge("gen", "parse"),
                RunFixtures.edge("parse", "db"));
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"restarts\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "failed");

    JsonNode restarts = api.get("/api/runs/" + runId + "/restarts").json();

    assertThat(restarts.path("runId").asText()).isEqualTo(runId);
    // Two restarts by the policy, then the failure that ended the run, newest first.
    assertThat(restarts.path("restarts")).hasSize(3);
    assertThat(restarts.at("/restarts/0/cause").asText())
        .contains("Recovery is suppressed", "Node parse");
    assertThat(restarts.path("restarts"))
        .allSatisfy(
            r -> {
              assertThat(r.path("cause").asText()).contains("Node parse: n = CAST(name AS INT)");
              assertThat(r.path("at").asText()).isNotBlank();
            });
    assertThat(restarts.at("/restarts/1/task").asText()).contains("Source: gen");
    assertThat(api.get("/api/runs/00000000-0000-0000-0000-000000000000/restarts").status())
        .isEqualTo(404);
  }

  @Test
  void refusesBadRangesAndStepsWithProblemsNamingTheParameter() {
    String id =
        runs.create(
            "ranges",
            """
            {"id": "gen", "type": "generator", "config": {"count": 10, "recordsPerSecond": 0}},
            """
                + runs.sink("ranges"),
            RunFixtures.edge("gen", "db"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    String base = "/api/runs/" + runId + "/metrics";

    assertProblem(api.get(base + "?from=yesterday"), 400, "from", "invalid-instant");
    assertProblem(api.get(base + "?to=2026-13-01T00:00:00Z"), 400, "to", "invalid-instant");
    assertProblem(api.get(base + "?step=7x"), 400, "step", "invalid-step");
    assertProblem(api.get(base + "?step=500ms"), 400, "step", "invalid-step");
    assertProblem(
        api.get(base + "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"),
        400,
        "from",
        "empty-range");
    assertProblem(
        api.get(base + "?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&step=1s"),
        400,
        "step",
        "too-many-points");
    assertProblem(api.get("/api/events?pipeline=nope"), 400, "pipeline", "invalid-id");

    ApiClient.Response unknown = api.get("/api/runs/" + java.util.UUID.randomUUID() + "/metrics");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    ApiClient.Response noPipeline =
        api.get("/api/pipelines/" + java.util.UUID.randomUUID() + "/metrics/live");
    assertThat(noPipeline.status()).isEqualTo(404);
    ApiClient.Response ok = api.get(base + "?step=1m");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().path("step").asText()).isEqualTo("1m");
    runs.awaitState(runId, "finished");
  }

  private static void assertProblem(
      ApiClient.Response response, int status, String field, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:invalid-query-parameter");
    assertThat(response.json().at("/errors/0/field").asText()).isEqualTo(field);
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo(code);
  }
}
