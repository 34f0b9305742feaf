package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
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
  private static RunFixtures runs;
  private static TestDatabase target;

  @BeforeAll
  static void start() {
    target = TestPostgres.freshDatabase();
    sluice =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("runs")).withPort(0), CATALOG.catalog(), false);
    api = new ApiClient(sluice.port());
    runs = new RunFixtures(api, target);
  }

  @AfterAll
  static void stop() {
    sluice.close();
    target.close();
  }

  @Test
  void runsAPipelineToTheEndAndDeliversEveryRecordExactlyOnce() throws Exception {
    String id =
        runs.create(
            "evens",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 3, "count": 3000, "recordsPerSecond": 0}},
            {"id": "keep", "type": "filter", "config": {"condition": "MOD(id, 2) = 0"}},
            {"id": "calc", "type": "derive",
             "config": {"fields": ["doubled = amount * 2", "label = UPPER(name)"]}},
            """
                + runs.sink("evens"),
            String.join(
                ",",
                RunFixtures.edge("gen", "keep"),
                RunFixtures.edge("keep", "calc"),
                RunFixtures.edge("calc", "db")));

    ApiClient.Response started = api.post("/api/pipelines/" + id + "/runs", "");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    JsonNode run = started.json();
    assertThat(run.path("version").asInt()).isEqualTo(1);
    assertThat(run.path("flinkVersion").asText()).isEqualTo("2.1.1");
    assertThat(run.at("/plan/steps").size()).isEqualTo(4);

    JsonNode finished = runs.awaitState(run.path("id").asText(), "finished");
    assertThat(finished.path("endedAt").asText()).isNotBlank();
    JsonNode listed = null;
    for (JsonNode item : api.get("/api/pipelines?search=evens").json()) {
      if (item.path("id").asText().equals(id)) {
        listed = item;
      }
    }
    assertThat(listed).as("the pipelines list shows the pipeline").isNotNull();
    assertThat(listed.at("/latestRun/id").asText()).isEqualTo(run.path("id").asText());
    assertThat(listed.at("/latestRun/state").asText()).isEqualTo("finished");

    assertThat(runs.query("SELECT count(*) FROM evens")).isEqualTo(1500);
    assertThat(runs.query("SELECT count(DISTINCT id) FROM evens")).isEqualTo(1500);
    assertThat(runs.query("SELECT count(*) FROM evens WHERE id % 2 <> 0")).isZero();
    assertThat(runs.query("SELECT count(*) FROM evens WHERE doubled <> amount * 2")).isZero();
    assertThat(runs.query("SELECT count(*) FROM evens WHERE label <> upper(name)")).isZero();
  }

  @Test
  void aStopWithSavepointAndANewStartLoseAndRepeatNothing() throws Exception {
    String id =
        runs.create(
            "paced",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 5, "count": 8000, "recordsPerSecond": 500}},
            """
                + runs.sink("paced"),
            RunFixtures.edge("gen", "db"));

    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "running");
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(() -> runs.query("SELECT count(*) FROM paced") > 0);

    ApiClient.Response second = api.post("/api/pipelines/" + id + "/runs", "");
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    ApiClient.Response deleted = api.delete("/api/pipelines/" + id);
    assertThat(deleted.status()).as("a running pipeline is not deleted").isEqualTo(409);
    assertThat(deleted.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:pipeline-running");
    assertThat(deleted.json().path("runId").asText()).isEqualTo(runId);
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(api.get("/api/runs/" + runId).json().path("checkpointPath").asText())
                    .contains("/chk-"));

    ApiClient.Response stopped = api.post("/api/runs/" + runId + "/stop", "");
    assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    assertThat(stopped.json().path("state").asText()).isEqualTo("stopped");
    String savepoint = stopped.json().path("savepointPath").asText();
    assertThat(savepoint).startsWith("s3://");
    long afterStop = runs.query("SELECT count(*) FROM paced");
    assertThat(afterStop).isBetween(1L, 7999L);

    JsonNode resumed = api.post("/api/pipelines/" + id + "/runs", "").json();
    assertThat(resumed.path("restoredFrom").asText()).isEqualTo(savepoint);
    runs.awaitState(resumed.path("id").asText(), "finished");

    assertThat(runs.query("SELECT count(*) FROM paced")).isEqualTo(8000);
    assertThat(runs.query("SELECT count(DISTINCT id) FROM paced")).isEqualTo(8000);
    assertThat(api.get("/api/pipelines/" + id + "/runs").json().size()).isEqualTo(2);
  }

  @Test
  void readsFilesAndSendsTheLinesItCannotReadToTheDeadLetter() throws Exception {
    Path in = Files.createDirectories(TestDirs.fresh("files").resolve("in"));
    String id =
        runs.create(
            "files",
            """
            {"id": "files", "type": "file-directory",
             "config": {"path": "%s", "fields": ["id: long", "amount: double", "country: string"],
                        "discoveryInterval": "200ms"}},
            """
                    .formatted(in)
                + runs.sink("from_files"),
            RunFixtures.edge("files", "db"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "running");

    // Written under a temporary name and renamed, as producers should.
    Files.writeString(
        in.resolve(".orders-1.csv.tmp"), "id,amount,country\n1,10.5,NL\n2,oops,DE\n3,7.25,FR\n");
    Files.move(in.resolve(".orders-1.csv.tmp"), in.resolve("orders-1.csv"));
    Files.writeString(in.resolve("orders-2.csv"), "id,amount,country\n4,1.0,BE\nfive,2.0,NL\n");

    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(() -> runs.query("SELECT count(*) FROM from_files") == 3);
    assertThat(runs.query("SELECT sum(id) FROM from_files")).isEqualTo(1 + 3 + 4);

    List<String> reasons =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    CATALOG
                        .jdbi()
                        .withHandle(
                            h ->
                                h.createQuery(
                                        "SELECT node || ' ' || source || ' ' || raw || ' ' || reason"
                                            + " FROM dead_letters WHERE pipeline = :p ORDER BY raw")
                                    .bind("p", "p-" + id)
                                    .mapTo(String.class)
                                    .list()),
                l -> l.size() == 2);
    assertThat(reasons.get(0)).contains("files", "orders-1.csv:3", "2,oops,DE");
    assertThat(reasons.get(1)).contains("files", "orders-2.csv:3", "five,2.0,NL");
    assertThat(api.get("/api/runs/" + runId).json().path("state").asText()).isEqualTo("running");
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);
  }

  @Test
  void sendsTheRecordsAnExpressionFailsOnToTheDeadLetterAndTheOthersToTheTable() throws Exception {
    Path in = Files.createDirectories(TestDirs.fresh("casts").resolve("in"));
    String id =
        runs.create(
            "casts",
            """
            {"id": "files", "type": "file-directory",
             "config": {"path": "%s", "fields": ["id: long", "code: string"],
                        "discoveryInterval": "200ms"}},
            {"id": "parse", "type": "derive", "config": {"fields": ["n = CAST(code AS INT)"]}},
            """
                    .formatted(in)
                + runs.sink("parsed"),
            String.join(",", RunFixtures.edge("files", "parse"), RunFixtures.edge("parse", "db")));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "running");

    Files.writeString(in.resolve("codes.csv"), "id,code\n1,10\n2,abc\n3,30\n4,\n5,9x\n");

    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(() -> runs.query("SELECT count(*) FROM parsed") == 3);
    assertThat(runs.query("SELECT sum(id) FROM parsed")).isEqualTo(1 + 3 + 4);
    assertThat(runs.query("SELECT count(*) FROM parsed WHERE n = id * 10")).isEqualTo(2);
    assertThat(runs.query("SELECT count(*) FROM parsed WHERE id = 4 AND n IS NULL")).isEqualTo(1);
    List<String> deadLetters =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    CATALOG
                        .jdbi()
                        .withHandle(
                            h ->
                                h.createQuery(
                                        "SELECT node || ' | ' || source || ' | ' || raw || ' | '"
                                            + " || reason FROM dead_letters WHERE pipeline = :p"
                                            + " ORDER BY raw")
                                    .bind("p", "p-" + id)
                                    .mapTo(String.class)
                                    .list()),
                l -> l.size() == 2);
    assertThat(deadLetters.get(0))
        .startsWith("parse | files | {\"id\":2,\"code\":\"abc\"} | ")
        .contains("n = CAST(code AS INT) failed: ", "'abc'");
    assertThat(deadLetters.get(1))
        .startsWith("parse | files | {\"id\":5,\"code\":\"9x\"} | ")
        .doesNotContain("Exception");
    assertThat(api.get("/api/runs/" + runId).json().path("state").asText()).isEqualTo("running");
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);
  }

  @Test
  void failsTheRunNamingTheNodeWhenAnExpressionFailsAndThePolicyIsFail() throws Exception {
    Path in = Files.createDirectories(TestDirs.fresh("strict").resolve("in"));
    Files.writeString(in.resolve("codes.csv"), "id,code\n1,10\n2,abc\n");
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "files", "type": "file-directory",
            "config": {"path": "%s", "fields": ["id: long", "code: string"],
                       "discoveryInterval": "200ms"}},
           {"id": "positive", "type": "filter",
            "config": {"condition": "CAST(code AS INT) > 0", "onError": "fail"}},
           %s],
         "edges": [%s, %s],
         "settings": {"checkpointInterval": "300ms", "restartPolicy": {"type": "none"}}}
        """
            .formatted(
                in,
                runs.sink("strict"),
                RunFixtures.edge("files", "positive"),
                RunFixtures.edge("positive", "db"));
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"strict\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();

    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    JsonNode failed = runs.awaitState(runId, "failed");

    assertThat(failed.path("failure").asText())
        .contains("Node positive", "CAST(code AS INT) > 0 failed", "\"code\":\"abc\"");
  }

  @Test
  void aNewVersionResumesFromTheSavepointOfTheOldOneAndAddsItsField() throws Exception {
    try (Connection c =
        DriverManager.getConnection(
            target.settings().jdbcUrl(), target.settings().user(), target.settings().password())) {
      c.createStatement()
          .execute(
              "CREATE TABLE switched (id bigint, name text, amount double precision,"
                  + " ts timestamp(3), version text)");
    }
    String v1Nodes =
        """
        {"id": "gen", "type": "generator",
         "config": {"seed": 9, "count": 3000, "recordsPerSecond": 500}},
        """
            + runs.sink("switched");
    String id = runs.create("switched", v1Nodes, RunFixtures.edge("gen", "db"));
    String firstRun = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(firstRun, "running");
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(() -> runs.query("SELECT count(*) FROM switched") > 0);
    assertThat(api.post("/api/runs/" + firstRun + "/stop", "").status()).isEqualTo(200);
    long before = runs.query("SELECT count(*) FROM switched");

    String v2 =
        """
        {"baseVersion": 1, "message": "tag rows", "document": {"formatVersion": 1,
         "nodes": [%s, {"id": "tag", "type": "derive", "config": {"fields": ["version = 'v2'"]}}],
         "edges": [%s, %s], "settings": {"checkpointInterval": "300ms"}}}
        """
            .formatted(v1Nodes, RunFixtures.edge("gen", "tag"), RunFixtures.edge("tag", "db"));
    ApiClient.Response saved = api.put("/api/pipelines/" + id, v2);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    // A third version reads from another source: the first one's read position would be lost.
    String v3 =
        """
        {"baseVersion": 2, "message": "new source", "document": {"formatVersion": 1,
         "nodes": [%s], "edges": [%s], "settings": {"checkpointInterval": "300ms"}}}
        """
            .formatted(v1Nodes.replace("\"gen\"", "\"gen2\""), RunFixtures.edge("gen2", "db"));
    assertThat(api.put("/api/pipelines/" + id, v3).status()).isEqualTo(200);

    JsonNode keeps = api.get("/api/pipelines/" + id + "/state-compatibility?version=2").json();
    assertThat(keeps.path("keepsState").asBoolean()).as(keeps.toString()).isTrue();
    assertThat(keeps.path("comparedWith").asInt()).isEqualTo(1);
    assertThat(keeps.path("restorePoint").asText()).startsWith("s3://");
    JsonNode loses = api.get("/api/pipelines/" + id + "/state-compatibility").json();
    assertThat(loses.path("version").asInt()).isEqualTo(3);
    assertThat(loses.path("keepsState").asBoolean()).isFalse();
    assertThat(loses.path("problems").get(0).path("nodeId").asText()).isEqualTo("gen");
    assertThat(loses.path("problems").get(0).path("code").asText()).isEqualTo("state-incompatible");
    assertThat(api.get("/api/pipelines/" + id + "/state-compatibility?version=x").status())
        .isEqualTo(400);

    JsonNode second = api.post("/api/pipelines/" + id + "/runs", "{\"version\": 2}").json();
    assertThat(second.path("version").asInt()).isEqualTo(2);
    assertThat(second.path("restoredFrom").asText()).startsWith("s3://");
    runs.awaitState(second.path("id").asText(), "finished");

    assertThat(runs.query("SELECT count(*) FROM switched")).isEqualTo(3000);
    assertThat(runs.query("SELECT count(DISTINCT id) FROM switched")).isEqualTo(3000);
    assertThat(runs.query("SELECT count(*) FROM switched WHERE version IS NULL")).isEqualTo(before);
    assertThat(runs.query("SELECT count(*) FROM switched WHERE version = 'v2'"))
        .isEqualTo(3000 - before);
  }

  @Test
  void writesFilesThatBecomeVisibleOnlyWhenCommittedAndSkipsWhatItCannotRead() throws Exception {
    Path in = Files.createDirectories(TestDirs.fresh("copy").resolve("in"));
    Path out = TestDirs.fresh("copy").resolve("out");
    StringBuilder lines = new StringBuilder("id,amount\n");
    for (int i = 0; i < 500; i++) {
      lines.append(i).append(',').append(i % 7 == 0 ? "n/a" : i + ".5").append('\n');
    }
    Files.writeString(in.resolve("numbers.csv"), lines);
    String id =
        runs.create(
            "copy",
            """
            {"id": "files", "type": "file-directory",
             "config": {"path": "%s", "fields": ["id: long", "amount: double"],
                        "discoveryInterval": "200ms", "onError": "skip"}},
            {"id": "out", "type": "file-directory-sink",
             "config": {"path": "%s", "format": "json-lines", "filePrefix": "numbers"}}
            """
                .formatted(in, out),
            RunFixtures.edge("files", "out"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();

    long expected = 500 - (500 + 6) / 7; // every seventh line has no number and is skipped
    List<String> committed =
        await()
            .atMost(Duration.ofMinutes(2))
            .ignoreExceptions()
            .until(() -> committedLines(out), l -> l.size() == expected);
    assertThat(committed).doesNotHaveDuplicates().allMatch(l -> l.startsWith("{\"id\":"));
    assertThat(committed).contains("{\"id\":1,\"amount\":1.5}");
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .allMatch(n -> n.startsWith("numbers-") && n.endsWith(".jsonl"));
    }
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);
  }

  @Test
  void sendsBadRecordsToTheDeadLetterDirectoryThePipelineChose() throws Exception {
    Path in = Files.createDirectories(TestDirs.fresh("dlq").resolve("in"));
    Path bad = TestDirs.fresh("dlq").resolve("bad");
    Path out = TestDirs.fresh("dlq").resolve("out");
    Files.writeString(in.resolve("a.csv"), "id,amount\n1,1.5\nx,2.5\n3,oops\n4,4.5\n");
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "files", "type": "file-directory",
            "config": {"path": "%s", "fields": ["id: long", "amount: double"],
                       "discoveryInterval": "200ms"}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
         "edges": [%s],
         "settings": {"checkpointInterval": "300ms",
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(in, out, RunFixtures.edge("files", "out"), bad);
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"dlq\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();

    List<String> deadLetters =
        await()
            .atMost(Duration.ofMinutes(2))
            .ignoreExceptions()
            .until(() -> committedLines(bad), l -> l.size() == 2);
    assertThat(deadLetters)
        .anySatisfy(l -> assertThat(l).contains("\"raw\":\"x,2.5\"", "\"node\":\"files\""))
        .anySatisfy(l -> assertThat(l).contains("\"raw\":\"3,oops\"", "a.csv:4"));
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(() -> committedLines(out), l -> l.size() == 2);
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);
  }

  /** Lines of the files a reader sees: committed ones, not the hidden in-progress ones. */
  private static List<String> committedLines(Path dir) throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  @Test
  void generatesDeclaredFieldsIntoATableOfTheirTypes() throws Exception {
    String id =
        runs.create(
            "declared",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 4, "count": 200, "recordsPerSecond": 0,
                        "fields": ["id: long", "total: decimal", "day: date", "paid: boolean"]}},
            """
                + runs.sink("declared"),
            RunFixtures.edge("gen", "db"));
    String runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
    runs.awaitState(runId, "finished");

    assertThat(runs.query("SELECT count(DISTINCT id) FROM declared")).isEqualTo(200);
    assertThat(
            runs.query(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'declared'"
                    + " AND ((column_name = 'total' AND data_type = 'numeric')"
                    + " OR (column_name = 'day' AND data_type = 'date')"
                    + " OR (column_name = 'paid' AND data_type = 'boolean'))"))
        .isEqualTo(3);
  }

  @Test
  void refusesToStartAPipelineWhoseExpressionNamesAMissingField() {
    String id =
        runs.create(
            "misspelt",
            """
            {"id": "gen", "type": "generator", "config": {"count": 10}},
            {"id": "keep", "type": "filter", "config": {"condition": "amout > 1"}},
            """
                + runs.sink("misspelt"),
            String.join(",", RunFixtures.edge("gen", "keep"), RunFixtures.edge("keep", "db")),
            false);

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
