package io.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the files with a Sluice pipeline, file directory → PostgreSQL (append, exactly once),
 * driven through Sluice's REST API like a user would.
 *
 * <p>The clock starts when the run is requested and stops when the target table holds every row.
 * The sink makes rows visible only when a checkpoint completes (COMMIT PREPARED), so the figure
 * includes the job start-up and the wait for the checkpoint after the last row was written.
 *
 * <p>Watching the table must not slow the load down on a small machine, so the row count, a
 * sequential scan, is taken only when the server's snapshot ({@code pg_current_snapshot()}, a cheap
 * call) has changed — which it does whenever a transaction commits or starts.
 */
final class SluiceLoader {
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration STATE_POLL = Duration.ofSeconds(1);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final TargetDatabase target;
  private final String adminPassword;
  private int pipelines;
  private String token;

  /** Calls the API of Sluice on {@code port} as {@code admin}, through an API token of its own. */
  SluiceLoader(int port, TargetDatabase target, String adminPassword) {
    this.base = "http://127.0.0.1:" + port;
    this.target = target;
    this.adminPassword = adminPassword;
  }

  /** Logs in once and makes an API token; every later call sends it as a bearer token. */
  private String token() throws IOException, InterruptedException {
    if (token == null) {
      token = apiToken(http, base, adminPassword);
    }
    return token;
  }

  /** Logs in as {@code admin} and makes an API token, whose secret comes back. */
  static String apiToken(HttpClient http, String base, String adminPassword)
      throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.createObjectNode()
                            .put("username", "admin")
                            .put("password", adminPassword)
                            .toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("login answered " + login.statusCode() + ": " + login.body());
    }
    String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
    String csrf = json.readTree(login.body()).path("csrfToken").asText();
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/tokens"))
                .header("content-type", "application/json")
                .header("cookie", cookie)
                .header("x-csrf-token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"benchmark\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "creating a token answered " + created.statusCode() + ": " + created.body());
    }
    return json.readTree(created.body()).path("secret").asText();
  }

  LoadResult load(
      String table,
      Path directory,
      long rows,
      int parallelism,
      Duration checkpointInterval,
      Duration timeout)
      throws IOException, InterruptedException, SQLException {
    String pipelineId =
        createPipeline(table, directory, parallelism, checkpointInterval.toMillis() + "ms");
    try (Connection watch = target.connect();
        Statement s = watch.createStatement()) {
      double cpu = LoadResult.jvmCpuNow();
      // The watching session's own queries (count(*) at every commit) are not the load's cost.
      long watcherPid = Long.parseLong(single(s, "SELECT pg_backend_pid()"));
      double watcherCpu = ProcessCpu.tree(watcherPid);
      double serverCpu = target.serverCpuSeconds();
      long start = System.nanoTime();
      JsonNode run = post("/api/pipelines/" + pipelineId + "/runs", "", 201);
      String runId = run.path("id").asText();
      List<LoadResult.Commit> commits = new ArrayList<>();
      String lastSnapshot = "";
      long visible = 0;
      long nextStateCheck = start + STATE_POLL.toNanos();
      while (visible < rows) {
        long now = System.nanoTime();
        if (now - start > timeout.toNanos()) {
          throw new IllegalStateException(
              "Sluice p="
                  + parallelism
                  + " did not deliver "
                  + rows
                  + " rows within "
                  + timeout
                  + "; "
                  + visible
                  + " visible; run: "
                  + get("/api/runs/" + runId));
        }
        if (now >= nextStateCheck) {
          JsonNode state = get("/api/runs/" + runId);
          String name = state.path("state").asText();
          if (name.equals("failed") || name.equals("stopped") || name.equals("finished")) {
            throw new IllegalStateException(
                "The Sluice run ended as " + name + " with " + visible + " rows visible: " + state);
          }
          nextStateCheck = now + STATE_POLL.toNanos();
        }
        String snapshot = single(s, "SELECT pg_current_snapshot()::text");
        if (!snapshot.equals(lastSnapshot)) {
          lastSnapshot = snapshot;
          long count = Long.parseLong(single(s, "SELECT count(*) FROM " + table));
          if (count != visible) {
            visible = count;
            commits.add(new LoadResult.Commit((now - start) / 1e9, count));
          }
          if (count > rows) {
            throw new IllegalStateException(
                table + " holds " + count + " rows, more than the " + rows + " in the files");
          }
        }
        if (visible < rows) {
          Thread.sleep(POLL.toMillis());
        }
      }
      double seconds = commits.get(commits.size() - 1).seconds();
      double cpuUsed = LoadResult.jvmCpuNow() - cpu;
      double serverCpuUsed =
          target.serverCpuSeconds() - serverCpu - (ProcessCpu.tree(watcherPid) - watcherCpu);
      post("/api/runs/" + runId + "/stop", "", 200);
      return new LoadResult(
          "Sluice p=" + parallelism,
          rows,
          seconds,
          steadyRate(commits, checkpointInterval),
          List.copyOf(commits),
          cpuUsed,
          0,
          serverCpuUsed);
    }
  }

  /**
   * Rows per second from the first visible commit to the last; NaN unless they are at least two
   * checkpoint intervals apart (fewer checkpoints say nothing about a steady state).
   */
  private static double steadyRate(List<LoadResult.Commit> commits, Duration checkpointInterval) {
    LoadResult.Commit first = commits.get(0);
    LoadResult.Commit last = commits.get(commits.size() - 1);
    double span = last.seconds() - first.seconds();
    if (span < 2 * checkpointInterval.toMillis() / 1e3) {
      return Double.NaN;
    }
    return (last.rows() - first.rows()) / span;
  }

  private String createPipeline(
      String table, Path directory, int parallelism, String checkpointInterval)
      throws IOException, InterruptedException {
    ObjectNode document = json.createObjectNode();
    document.put("formatVersion", 1);
    ArrayNode nodes = document.putArray("nodes");
    ObjectNode files = nodes.addObject().put("id", "files").put("type", "file-directory");
    ObjectNode filesConfig = files.putObject("config");
    filesConfig.put("path", directory.toAbsolutePath().toString());
    filesConfig.put("pattern", "*.csv");
    ArrayNode fields = filesConfig.putArray("fields");
    CsvFiles.SLUICE_FIELDS.forEach(fields::add);
    filesConfig.put("discoveryInterval", "200ms");
    ObjectNode db = nodes.addObject().put("id", "db").put("type", "postgres");
    db.putObject("config")
        .put("jdbcUrl", target.jdbcUrl())
        .put("user", TargetDatabase.USER)
        .put("password", "")
        .put("table", table)
        .put("createTable", false);
    ObjectNode edge = document.putArray("edges").addObject();
    edge.putObject("from").put("node", "files");
    edge.putObject("to").put("node", "db");
    document
        .putObject("settings")
        .put("checkpointInterval", checkpointInterval)
        .put("parallelism", parallelism);
    ObjectNode body = json.createObjectNode();
    // A new pipeline for every load: it starts with no state, and names must be unique.
    body.put("name", "copy-benchmark-" + table + "-" + (++pipelines));
    body.set("document", document);
    JsonNode created = post("/api/pipelines", json.writeValueAsString(body), 201);
    if (!created.at("/validation/valid").asBoolean()) {
      throw new IllegalStateException("Sluice rejected the benchmark pipeline: " + created);
    }
    return created.path("id").asText();
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
  }

  private JsonNode post(String path, String body, int expected)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        expected);
  }

  private JsonNode send(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    HttpRequest built =
        request.header("authorization", "Bearer " + token()).timeout(Duration.ofMinutes(5)).build();
    HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          built.method()
              + " "
              + built.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return json.readTree(response.body());
  }
}
