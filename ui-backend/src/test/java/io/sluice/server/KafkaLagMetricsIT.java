package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.connectors.testing.KafkaBroker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka source's lag as the metrics history serves it, from a real broker through a real run: a
 * backlog held up behind a blocked sink shows as {@code lagRecords} above zero in {@code
 * /api/runs/{id}/metrics}, and as zero once the sink is unblocked and the backlog read.
 *
 * <p>The sink is blocked by a lock: a transaction of the test holds {@code LOCK TABLE ... IN SHARE
 * MODE} on the target table, so the sink's first {@code COPY} waits for it, the source is back
 * pressured and stops fetching, and the records behind it stay unread for as long as the test
 * wants, on any machine. Committing the lock's transaction lets the run catch up.
 */
class KafkaLagMetricsIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final int BACKLOG = 20_000;

  private static KafkaBroker kafka;
  private static TestDatabase target;
  private static SluiceRuntime sluice;
  private static ApiClient api;
  private static RunFixtures runs;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start();
    target = TestPostgres.freshDatabase();
    SluiceConfig config =
        SluiceConfig.defaults(TestDirs.fresh("kafka-lag"))
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
    if (sluice != null) {
      sluice.close();
    }
    if (target != null) {
      target.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theHistoryShowsTheLagOfABacklogBehindABlockedSinkAndZeroOnceItIsRead() throws Exception {
    kafka.createTopic("lag-in", 1);
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (int id = 1; id <= BACKLOG; id++) {
        producer.send(new ProducerRecord<>("lag-in", "{\"id\": " + id + "}"));
      }
    }
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE lagged (id bigint)");
    }
    String id =
        runs.create(
            "kafka-lag",
            """
            {"id": "in", "type": "kafka",
             "config": {"bootstrapServers": "%s", "topics": ["lag-in"], "fields": ["id: long"]}},
            {"id": "db", "type": "postgres",
             "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "lagged"}}
            """
                .formatted(
                    kafka.bootstrapServers(),
                    db.jdbcUrl(),
                    db.user(),
                    db.password() == null ? "" : db.password()),
            RunFixtures.edge("in", "db"));

    Instant started = Instant.now();
    String runId;
    AtomicLong highest = new AtomicLong(-1);
    try (Connection blocker = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        // Blocks INSERT and COPY (ROW EXCLUSIVE), not the sink's reads of the catalog at start.
        s.execute("LOCK TABLE lagged IN SHARE MODE");
      }
      runId = api.post("/api/pipelines/" + id + "/runs", "").json().path("id").asText();
      runs.awaitState(runId, "running");

      await("a lag above zero for the kafka node in the metrics history")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                for (JsonNode point : history(runId, started)) {
                  JsonNode lag = point.path("lagRecords");
                  if (lag.isNumber()) {
                    highest.accumulateAndGet(lag.asLong(), Math::max);
                  }
                }
                return highest.get() > 0;
              });
      assertThat(runs.query("SELECT count(*) FROM lagged"))
          .as("nothing is written while the lock is held")
          .isZero();
      blocker.commit();
    }
    assertThat(highest.get())
        .as("the lag counts only records of the backlog")
        .isLessThanOrEqualTo(BACKLOG);

    await("every record of the backlog written once the sink is unblocked")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(SQLException.class)
        .until(() -> runs.query("SELECT count(*) FROM lagged") == BACKLOG);
    JsonNode[] last = new JsonNode[1];
    await("the latest lag in the metrics history back to zero")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode points = history(runId, started);
              assertThat(points.size()).isPositive();
              last[0] = points.get(points.size() - 1);
              assertThat(last[0].path("lagRecords").isNumber()).as(last[0].toString()).isTrue();
              assertThat(last[0].path("recordsOut").asLong())
                  .as("the source has read the whole backlog by then: " + last[0])
                  .isEqualTo(BACKLOG);
              assertThat(last[0].path("lagRecords").asLong()).as(last[0].toString()).isZero();
            });
    assertThat(api.post("/api/runs/" + runId + "/stop", "").status()).isEqualTo(200);
  }

  /** The kafka node's points in the run's metrics history, oldest first, at a step of 5 s. */
  private static JsonNode history(String runId, Instant started) {
    ApiClient.Response response =
        api.get(
            "/api/runs/"
                + runId
                + "/metrics?from="
                + started.minusSeconds(60)
                + "&to="
                + Instant.now().plusSeconds(60)
                + "&step=5s");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().path("nodes").path("in");
  }
}
