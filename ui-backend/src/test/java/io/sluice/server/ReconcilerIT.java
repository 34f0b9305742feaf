package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.Leases;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.ScheduleCatalog;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.server.schedule.Reconciler;
import io.sluice.server.schedule.ReconcilerAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler against a real catalog and the embedded Flink engine. Each test ticks the
 * reconciler itself (no background loop), and cron times come from a clock the test sets.
 */
class ReconcilerIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final Duration LEASE_TTL = Duration.ofSeconds(2);

  private static final TestClock CLOCK = new TestClock();
  private static SluiceRuntime sluice;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    sluice =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("sched"))
                .withPort(0)
                .withMetrics(
                    new SluiceConfig.Metrics(
                        Duration.ofMillis(200), Duration.ofHours(6), Duration.ofDays(7))),
            CATALOG.catalog(),
            false,
            SluiceRuntime.Scheduling.manual(CLOCK, LEASE_TTL, "backend-a"));
    api = new ApiClient(sluice.port());
  }

  @AfterAll
  static void stop() {
    sluice.close();
  }

  /** The system clock, or a fixed instant while a test has set one. */
  static final class TestClock extends Clock {
    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    void set(String instant) {
      fixed.set(Instant.parse(instant));
    }

    void real() {
      fixed.set(null);
    }

    @Override
    public Instant instant() {
      Instant at = fixed.get();
      return at == null ? Instant.now() : at;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private static String create(String name, String nodes, String edge) {
    String document =
        """
        {"formatVersion": 1, "nodes": [%s], "edges": [%s],
         "settings": {"checkpointInterval": "300ms", "restartPolicy": {"type": "none"}}}
        """
            .formatted(nodes, edge);
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"" + name + "\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/validation/valid").asBoolean()).as(created.body()).isTrue();
    return created.json().path("id").asText();
  }

  private static String generatorInto(String name, Path out) {
    return create(
        name,
        """
        {"id": "gen", "type": "generator", "config": {"seed": 1, "recordsPerSecond": 50}},
        {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}
        """
            .formatted(out),
        "{\"from\": {\"node\": \"gen\"}, \"to\": {\"node\": \"out\"}}");
  }

  private static JsonNode schedule(String pipelineId, String body) {
    ApiClient.Response created = api.post("/api/pipelines/" + pipelineId + "/schedule", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private static List<JsonNode> history(String pipelineId) {
    List<JsonNode> runs = new ArrayList<>();
    api.get("/api/pipelines/" + pipelineId + "/schedule/runs").json().forEach(runs::add);
    return runs;
  }

  private static JsonNode awaitRunState(String runId, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              last[0] = api.get("/api/runs/" + runId).json();
              assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo(state);
            });
    return last[0];
  }

  /** Ticks backend A until it holds the lease, and returns the pass it made as leader. */
  private static Reconciler.Outcome leaderTick() {
    Reconciler a = sluice.reconciler();
    AtomicReference<Reconciler.Outcome> last = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last.set(a.tick());
              return last.get().leader();
            });
    return last.get();
  }

  private static void removeSchedule(String pipelineId) {
    api.delete("/api/pipelines/" + pipelineId + "/schedule");
    JsonNode runs = api.get("/api/pipelines/" + pipelineId + "/runs").json();
    for (JsonNode run : runs) {
      String state = run.path("state").asText();
      if (state.equals("running") || state.equals("starting")) {
        api.post("/api/runs/" + run.path("id").asText() + "/stop", "");
      }
    }
  }

  @Test
  void aContinuousPipelineWhoseSinkFailsIsRestartedWithBackOffUntilTheLimitThenNeedsAttention()
      throws Exception {
    CLOCK.real();
    Path blocker = Files.writeString(TestDirs.fresh("blocked").resolve("a-file"), "not a dir");
    String id = generatorInto("always failing", blocker.resolve("out"));
    schedule(
        id,
        """
        {"kind": "continuous", "maxFailures": 3, "failureWindow": "10m",
         "initialBackoff": "1s", "maxBackoff": "10s"}
        """);
    try {
      JsonNode[] last = new JsonNode[1];
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                leaderTick();
                last[0] = api.get("/api/pipelines/" + id + "/schedule").json();
                return last[0].path("status").asText().equals("needs-attention");
              });
      assertThat(last[0].path("attention").asText())
          .contains("3 runs failed within 10m")
          .contains("Last failure");

      List<JsonNode> runs = history(id);
      assertThat(runs).hasSize(3).allMatch(r -> r.path("state").asText().equals("failed"));
      assertThat(runs)
          .allMatch(r -> r.path("scheduleId").asText().equals(last[0].path("id").asText()));
      // Newest first: the second run waited at least 1 s after the first failed, the third 2 s.
      Instant firstEnded = Instant.parse(runs.get(2).path("endedAt").asText());
      Instant secondStarted = Instant.parse(runs.get(1).path("createdAt").asText());
      Instant secondEnded = Instant.parse(runs.get(1).path("endedAt").asText());
      Instant thirdStarted = Instant.parse(runs.get(0).path("createdAt").asText());
      assertThat(Duration.between(firstEnded, secondStarted))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(Duration.between(secondEnded, thirdStarted))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1900));

      for (int i = 0; i < 5; i++) {
        assertThat(leaderTick().started()).as("no retry after the limit").isZero();
      }
      assertThat(history(id)).hasSize(3);

      // Resuming means the person looked at it: the failures are forgotten and it tries again.
      JsonNode resumed = api.post("/api/pipelines/" + id + "/schedule/resume", "").json();
      assertThat(resumed.path("status").asText()).isEqualTo("active");
      assertThat(resumed.has("attention")).isFalse();
      assertThat(leaderTick().started()).isEqualTo(1);
    } finally {
      removeSchedule(id);
    }
  }

  @Test
  void aCronWindowStartsAtItsFireTimeAndStopsWithASavepointWhenItEnds() throws Exception {
    String id = generatorInto("nightly", TestDirs.fresh("nightly").resolve("out"));
    CLOCK.set("2030-01-15T08:59:00Z"); // 09:59 in Berlin
    JsonNode created =
        schedule(
            id,
            """
            {"kind": "cron", "cron": "0 10 * * *", "timeZone": "Europe/Berlin", "runFor": "1h"}
            """);
    try {
      assertThat(created.path("nextFireTimes").get(0).asText()).isEqualTo("2030-01-15T09:00:00Z");
      JsonNode next = api.get("/api/pipelines/" + id + "/schedule/next?count=2").json();
      assertThat(next.path("fireTimes").get(1).path("local").asText())
          .isEqualTo("2030-01-16T10:00+01:00");
      assertThat(next.path("description").asText()).contains("10:00");

      assertThat(leaderTick().started()).as("before the fire time").isZero();
      assertThat(history(id)).isEmpty();

      CLOCK.set("2030-01-15T09:00:00Z");
      assertThat(leaderTick().started()).as("at the fire time").isEqualTo(1);
      String runId = history(id).get(0).path("id").asText();
      awaitRunState(runId, "running");
      assertThat(leaderTick().started()).as("one run per fire time").isZero();

      CLOCK.set("2030-01-15T09:59:59Z");
      assertThat(leaderTick().stopped()).as("inside the window").isZero();
      assertThat(api.get("/api/runs/" + runId).json().path("state").asText()).isEqualTo("running");

      CLOCK.set("2030-01-15T10:00:00Z");
      assertThat(leaderTick().stopped()).as("when the window ends").isEqualTo(1);
      JsonNode stopped = api.get("/api/runs/" + runId).json();
      assertThat(stopped.path("state").asText()).isEqualTo("stopped");
      assertThat(stopped.path("savepointPath").asText()).startsWith("s3://");

      CLOCK.set("2030-01-15T10:30:00Z");
      assertThat(leaderTick().started()).as("after the window").isZero();

      CLOCK.set("2030-01-16T09:00:00Z");
      assertThat(leaderTick().started()).as("the next day").isEqualTo(1);
      JsonNode second = history(id).get(0);
      assertThat(second.path("restoredFrom").asText())
          .as("resumes from the savepoint of the last window")
          .isEqualTo(stopped.path("savepointPath").asText());
      awaitRunState(second.path("id").asText(), "running");
    } finally {
      CLOCK.real();
      removeSchedule(id);
    }
  }

  @Test
  void aBackfillRunsOnceToTheEndAndIsThenDone() {
    CLOCK.real();
    String id =
        create(
            "backfill once",
            """
            {"id": "gen", "type": "generator",
             "config": {"seed": 2, "count": 500, "recordsPerSecond": 0}},
            {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}
            """
                .formatted(TestDirs.fresh("backfill").resolve("out")),
            "{\"from\": {\"node\": \"gen\"}, \"to\": {\"node\": \"out\"}}");
    schedule(id, "{\"kind\": \"backfill\"}");
    try {
      assertThat(leaderTick().started()).isEqualTo(1);
      String runId = history(id).get(0).path("id").asText();
      awaitRunState(runId, "finished");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                leaderTick();
                return api.get("/api/pipelines/" + id + "/schedule")
                    .json()
                    .path("status")
                    .asText()
                    .equals("done");
              });
      assertThat(leaderTick().started()).as("once only").isZero();
      assertThat(history(id)).hasSize(1);
    } finally {
      removeSchedule(id);
    }
  }

  @Test
  void onlyTheLeaseHolderActsAndAPausedLeadersLateActionsAreRefused() {
    CLOCK.real();
    Reconciler a = sluice.reconciler();
    Reconciler b =
        new Reconciler(
            new ScheduleCatalog(CATALOG.jdbi()),
            new RunCatalog(CATALOG.jdbi()),
            new Leases(CATALOG.jdbi()),
            sluice.runService(),
            new io.sluice.server.metrics.RunTotals(
                new io.sluice.catalog.MetricsCatalog(CATALOG.jdbi())),
            CLOCK,
            "backend-b",
            LEASE_TTL);
    String id = generatorInto("fenced", TestDirs.fresh("fenced").resolve("out"));
    try {
      leaderTick();
      assertThat(b.tick().leader()).as("A holds the lease").isFalse();
      schedule(id, "{\"kind\": \"continuous\", \"paused\": true}");
      long epochA = a.lease().orElseThrow().epoch();

      // A pauses (no renewals): once its lease expires, B takes it over with a higher epoch.
      await().atMost(Duration.ofSeconds(30)).until(() -> b.tick().leader());
      long epochB = b.lease().orElseThrow().epoch();
      assertThat(epochB).isGreaterThan(epochA);
      assertThat(history(id)).isEmpty();

      // The schedule is resumed; A wakes up and acts on its old lease: the start is refused.
      api.post("/api/pipelines/" + id + "/schedule/resume", "");
      Reconciler.Outcome late = ReconcilerAccess.reconcileWithoutRenewal(a);
      assertThat(late.leaseLost()).isTrue();
      assertThat(late.started()).isZero();
      assertThat(history(id)).isEmpty();
      assertThat(api.get("/api/pipelines/" + id + "/runs").json().size()).isZero();

      Reconciler.Outcome current = b.tick();
      assertThat(current.started()).isEqualTo(1);
      JsonNode run = history(id).get(0);
      assertThat(run.path("reconcilerEpoch").asLong()).isEqualTo(epochB);
      awaitRunState(run.path("id").asText(), "running");
      // B's loop would renew its lease meanwhile; a slow start of the run must not let it lapse.
      new Leases(CATALOG.jdbi())
          .acquireOrRenew(Reconciler.LEASE, "backend-b", Duration.ofMinutes(1));

      // Paused again: a late stop by A, still on its old lease, is refused too.
      api.post("/api/pipelines/" + id + "/schedule/pause", "");
      Reconciler.Outcome lateStop = ReconcilerAccess.reconcileWithoutRenewal(a);
      assertThat(lateStop.leaseLost()).isTrue();
      assertThat(api.get("/api/runs/" + run.path("id").asText()).json().path("state").asText())
          .isEqualTo("running");
      assertThat(a.tick().leader()).as("A cannot renew a lease B holds").isFalse();
      assertThat(b.tick().stopped()).isEqualTo(1);
      // The stop is recorded at once; the run's owner takes the savepoint on its own thread.
      awaitRunState(run.path("id").asText(), "stopped");
    } finally {
      b.close(); // releases the lease: A takes over at once, as after a graceful shutdown
      assertThat(a.tick().leader()).isTrue();
      removeSchedule(id);
    }
  }

  @Test
  void aCronWindowThatStopsWhenIdleStopsOnceItsSourcesReadNothingForThatLong() throws Exception {
    Path inbox = TestDirs.fresh("idle-in");
    Files.writeString(inbox.resolve("a.csv"), "id,amount,country\n1,1.5,de\n2,2.5,fr\n3,3.5,us\n");
    String id =
        create(
            "idle window",
            """
            {"id": "files", "type": "file-directory",
             "config": {"path": "%s", "fields": ["id: long", "amount: double", "country: string"],
                        "discoveryInterval": "200ms"}},
            {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}
            """
                .formatted(inbox, TestDirs.fresh("idle-out").resolve("out")),
            "{\"from\": {\"node\": \"files\"}, \"to\": {\"node\": \"out\"}}");
    CLOCK.set("2030-02-01T06:00:00Z");
    JsonNode created =
        schedule(
            id,
            """
            {"kind": "cron", "cron": "0 6 * * *", "runFor": "1h", "stopWhenIdle": "5m"}
            """);
    try {
      assertThat(created.path("stopWhenIdle").asText()).isEqualTo("5m");
      assertThat(created.path("description").asText()).contains("idle for 5m");
      assertThat(leaderTick().started()).isEqualTo(1);
      String runId = history(id).get(0).path("id").asText();
      awaitRunState(runId, "running");
      await("a metrics sample with every record read and delivered")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                JsonNode run = history(id).get(0);
                assertThat(run.path("recordsIn").asLong()).as(run.toString()).isEqualTo(3);
                assertThat(run.path("recordsOut").asLong()).as(run.toString()).isEqualTo(3);
              });

      CLOCK.set("2030-02-01T06:01:00Z");
      assertThat(leaderTick().stopped()).as("records just read").isZero();
      CLOCK.set("2030-02-01T06:05:59Z");
      assertThat(leaderTick().stopped()).as("idle for 4m59s").isZero();
      assertThat(api.get("/api/runs/" + runId).json().path("state").asText()).isEqualTo("running");
      CLOCK.set("2030-02-01T06:06:00Z");
      assertThat(leaderTick().stopped()).as("idle for 5m, long before runFor").isEqualTo(1);
      JsonNode stopped = history(id).get(0);
      assertThat(stopped.path("state").asText()).isEqualTo("stopped");
      assertThat(stopped.path("savepointPath").asText()).startsWith("s3://");
      assertThat(stopped.path("recordsIn").asLong()).isEqualTo(3);

      CLOCK.set("2030-02-01T06:30:00Z");
      assertThat(leaderTick().started()).as("the window's run is done").isZero();
    } finally {
      CLOCK.real();
      removeSchedule(id);
    }
  }
}
