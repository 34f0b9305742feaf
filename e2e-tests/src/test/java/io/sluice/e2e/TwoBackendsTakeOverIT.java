package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.executor.storage.ObjectStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Sluice backends on one catalog and one S3: the one running a continuously scheduled pipeline
 * is SIGKILLed mid-stream; the other declares its run lost, starts the pipeline again on its own
 * engine from the newest checkpoint on the shared S3, and the PostgreSQL sink ends with every
 * record exactly once. A watcher polls the catalog throughout: the pipeline never has two active
 * runs. The killed backend, started again, does not resume the run it no longer owns.
 */
class TwoBackendsTakeOverIT {
  private static final int RECORDS = 12_000;
  private static final String ACTIVE = "state IN ('starting', 'running', 'stopping')";

  @TempDir Path dirA;
  @TempDir Path dirB;
  @TempDir Path s3Dir;

  private TestDatabase catalog;
  private TestDatabase target;
  private ObjectStore s3;
  private final Map<String, SluiceProcess> backends =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Path> dataDirs = new HashMap<>();
  private final List<String> logNames = new ArrayList<>();
  private final List<SluiceProcess> started = new ArrayList<>();

  @BeforeEach
  void startSharedServices() throws Exception {
    catalog = TestPostgres.freshDatabase();
    target = TestPostgres.freshDatabase();
    s3 = ObjectStore.embedded(s3Dir);
    dataDirs.put("backend-a", dirA);
    dataDirs.put("backend-b", dirB);
  }

  @AfterEach
  void stopAll() throws Exception {
    try {
      for (SluiceProcess backend : backends.values()) {
        backend.close();
      }
    } finally {
      saveLogs();
      s3.close();
      catalog.close();
      rollBackLeftoverPreparedTransactions();
      target.close();
    }
  }

  /** Lets the target database be dropped even when a killed job left a transaction prepared. */
  private void rollBackLeftoverPreparedTransactions() throws SQLException {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try (var s = c.createStatement()) {
          s.execute("ROLLBACK PREPARED '" + rs.getString(1).replace("'", "''") + "'");
        }
      }
    }
  }

  private SluiceProcess start(String backendId) throws Exception {
    CatalogSettings db = catalog.settings();
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_DB_URL", db.jdbcUrl());
    env.put("SLUICE_DB_USER", db.user());
    if (db.password() != null) {
      env.put("SLUICE_DB_PASSWORD", db.password());
    }
    env.put("SLUICE_S3_ENDPOINT", s3.endpoint().toString());
    env.put("SLUICE_S3_BUCKET", s3.bucket());
    env.put("SLUICE_S3_ACCESS_KEY", s3.credentials().accessKey());
    env.put("SLUICE_S3_SECRET_KEY", s3.credentials().secretKey());
    env.put("SLUICE_BACKEND_ID", backendId);
    env.put("SLUICE_SCHEDULER_LEASE_TTL", "4s");
    env.put("SLUICE_SCHEDULER_TICK_INTERVAL", "500ms");
    SluiceProcess process = SluiceProcess.start(dataDirs.get(backendId), env);
    synchronized (started) {
      backends.put(backendId, process);
      started.add(process);
      logNames.add(backendId + "-" + started.size());
    }
    return process;
  }

  /** Keeps each backend's output in target/sluice-logs for a look after the fact. */
  private void saveLogs() throws java.io.IOException {
    Path dir = java.nio.file.Files.createDirectories(Path.of("target", "sluice-logs"));
    for (int i = 0; i < started.size(); i++) {
      java.nio.file.Files.write(
          dir.resolve(getClass().getSimpleName() + "-" + logNames.get(i) + ".log"),
          started.get(i).output());
    }
  }

  @Test
  void theSurvivorTakesOverAKilledBackendsRunAndEveryRecordArrivesOnce() throws Exception {
    CompletableFuture<SluiceProcess> startingB =
        CompletableFuture.supplyAsync(() -> startQuietly("backend-b"));
    SluiceProcess a = start("backend-a");
    startingB.join();

    CatalogSettings sink = target.settings();
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator",
            "config": {"seed": 5, "count": %d, "recordsPerSecond": 400}},
           {"id": "db", "type": "postgres",
            "config": {"jdbcUrl": %s, "user": %s, "password": %s, "table": "events",
                       "createTable": true}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "db"}}],
         "settings": {"checkpointInterval": "1s", "parallelism": 1}}
        """
            .formatted(
                RECORDS,
                quote(sink.jdbcUrl()),
                quote(sink.user()),
                quote(sink.password() == null ? "" : sink.password()));
    String pipelineId =
        a.send(
                "POST",
                "/api/pipelines",
                "{\"name\": \"events\", \"document\": " + document + "}",
                201)
            .path("id")
            .asText();

    AtomicInteger mostActive = new AtomicInteger();
    AtomicReference<Throwable> watchFailure = new AtomicReference<>();
    Thread watcher = watchActiveRuns(UUID.fromString(pipelineId), mostActive, watchFailure);
    try {
      a.send(
          "POST", "/api/pipelines/" + pipelineId + "/schedule", "{\"kind\": \"continuous\"}", 201);

      JsonNode first =
          awaitScheduledRun(a, pipelineId, r -> r.path("state").asText().equals("running"));
      String firstRun = first.path("id").asText();
      String owner = first.path("owner").asText();
      assertThat(owner).as(first.toString()).isIn("backend-a", "backend-b");
      String survivorId = owner.equals("backend-a") ? "backend-b" : "backend-a";
      SluiceProcess survivor = backends.get(survivorId);

      await("some records committed before the kill")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> count("SELECT count(*) FROM events") >= RECORDS / 5);
      long atKill = count("SELECT count(*) FROM events");
      backends.get(owner).kill();
      assertThat(atKill).as("killed mid-stream").isLessThan(RECORDS);

      JsonNode lost =
          await("the killed backend's run declared lost")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(300))
              .until(
                  () -> survivor.get("/api/runs/" + firstRun),
                  r -> r.path("state").asText().equals("lost"));
      assertThat(lost.path("failure").asText())
          .contains("'" + owner + "'")
          .contains("'" + survivorId + "'");

      JsonNode second =
          awaitScheduledRun(
              survivor,
              pipelineId,
              r ->
                  !r.path("id").asText().equals(firstRun)
                      && r.path("state").asText().equals("running"));
      assertThat(second.path("owner").asText()).isEqualTo(survivorId);
      assertThat(second.path("restoredFrom").asText())
          .as("resumes from the newest checkpoint on the shared S3")
          .startsWith("s3://" + s3.bucket() + "/");

      // The killed backend comes back with the same id: the lost run is not its own any more.
      SluiceProcess back = start(owner);
      assertThat(back.log()).doesNotContain("Resuming run " + firstRun);
      assertThat(back.get("/api/runs/" + firstRun).path("state").asText()).isEqualTo("lost");

      await("every record delivered; the run finishes on the survivor")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  survivor
                      .get("/api/runs/" + second.path("id").asText())
                      .path("state")
                      .asText()
                      .equals("finished"));
      assertThat(count("SELECT count(*) FROM events")).isEqualTo(RECORDS);
      assertThat(count("SELECT count(DISTINCT id) FROM events")).isEqualTo(RECORDS);
      assertThat(count("SELECT min(id) FROM events")).isZero();
      assertThat(count("SELECT max(id) FROM events")).isEqualTo(RECORDS - 1);
      assertThat(survivor.get("/api/pipelines/" + pipelineId + "/schedule/runs")).hasSize(2);
    } finally {
      watcher.interrupt();
      watcher.join();
    }
    assertThat(watchFailure.get()).as("the catalog watcher failed").isNull();
    assertThat(mostActive.get()).as("active runs of the pipeline at any one time").isEqualTo(1);
  }

  private SluiceProcess startQuietly(String backendId) {
    try {
      return start(backendId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The newest run of the pipeline's schedule, once it matches. */
  private static JsonNode awaitScheduledRun(
      SluiceProcess sluice, String pipelineId, java.util.function.Predicate<JsonNode> wanted) {
    return await("a scheduled run of " + pipelineId)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              JsonNode runs = sluice.get("/api/pipelines/" + pipelineId + "/schedule/runs");
              return runs.size() == 0 ? null : runs.get(0);
            },
            run -> run != null && wanted.test(run));
  }

  /** Polls the catalog every 50 ms and keeps the most active runs of the pipeline it saw. */
  private Thread watchActiveRuns(
      UUID pipelineId, AtomicInteger most, AtomicReference<Throwable> failure) {
    Thread watcher =
        new Thread(
            () -> {
              CatalogSettings db = catalog.settings();
              try (Connection c =
                      DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                  PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT count(*) FROM runs WHERE pipeline_id = ? AND " + ACTIVE)) {
                ps.setObject(1, pipelineId);
                while (!Thread.currentThread().isInterrupted()) {
                  try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    most.accumulateAndGet(rs.getInt(1), Math::max);
                  }
                  Thread.sleep(50);
                }
              } catch (InterruptedException e) {
                // done
              } catch (SQLException | RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                  failure.set(e);
                }
              }
            },
            "active-run-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  private long count(String sql) throws SQLException {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the sink has not created the table yet
      }
      throw e;
    }
  }
}
