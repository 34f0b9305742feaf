package io.sluice.executor.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.connectors.s3.S3Connection;
import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.connectors.testing.S3Server;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Previews of sources that never end by themselves (Kafka, S3, log-tail, PostgreSQL): each reads
 * what is there when the preview starts, at most the limit, and finishes, leaving nothing behind
 * where a run keeps its progress (consumer groups, replication slots, publications).
 */
class PreviewSourcesIT {
  private static KafkaBroker kafka;
  private static S3Server s3;
  @TempDir static Path shared;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaBroker.start();
    s3 = S3Server.start(shared);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private ExecutionPlan plan(String source) {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [%s,
               {"id": "keep", "type": "filter", "config": {"condition": "true"}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "in"}, "to": {"node": "keep"}},
                       {"from": {"node": "keep"}, "to": {"node": "out"}}]}
            """
                .formatted(source, tmp.resolve("out")));
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private PreviewResult preview(ExecutionPlan plan, int limit) {
    return new Previewer(tmp.resolve("flink"), 1)
        .run(plan, new Previewer.Options(limit, Duration.ofSeconds(90), Map.of()));
  }

  private static PreviewResult.PortSample port(PreviewResult result, String node) {
    return result.ports().stream().filter(p -> p.node().equals(node)).findFirst().orElseThrow();
  }

  private static List<String> lines(PreviewResult.PortSample port) {
    return port.rows().stream()
        .map(r -> r.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .sorted()
        .toList();
  }

  @Test
  void aKafkaSourceReadsUpToTheLimitWithoutAConsumerGroup() throws Exception {
    kafka.createTopic("preview-in", 2);
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (int id = 1; id <= 30; id++) {
        producer.send(new ProducerRecord<>("preview-in", "k" + id, "{\"id\": " + id + "}"));
      }
      producer.send(new ProducerRecord<>("preview-in", "bad", "not json"));
    }
    String source =
        """
        {"id": "in", "type": "kafka",
         "config": {"bootstrapServers": "%s", "topics": ["preview-in"], "startFrom": "%s",
                    "fields": ["id: long"]}}"""
            .formatted(kafka.bootstrapServers(), "%s");

    PreviewResult cut = preview(plan(source.formatted("earliest")), 10);
    assertThat(cut.truncated()).as(cut.reason()).isFalse();
    assertThat(port(cut, "in").count() + cut.deadLetters().size()).isEqualTo(10);

    // Everything there is: the 30 records and the bad one, and then the preview ends by itself.
    PreviewResult all = preview(plan(source.formatted("earliest")), 1000);
    assertThat(all.truncated()).as(all.reason()).isFalse();
    assertThat(port(all, "keep").count()).isEqualTo(30);
    assertThat(all.deadLetters()).hasSize(1);
    assertThat(all.deadLetters().get(0).raw()).isEqualTo("not json");
    assertThat(all.deadLetters().get(0).source()).startsWith("preview-in-");

    // From the latest offset a preview shows the newest records of each partition.
    PreviewResult latest = preview(plan(source.formatted("latest")), 3);
    assertThat(latest.truncated()).as(latest.reason()).isFalse();
    assertThat(port(latest, "in").count() + latest.deadLetters().size()).isEqualTo(3);

    List<String> groups =
        kafka.admin().listGroups().all().get().stream().map(GroupListing::groupId).toList();
    assertThat(groups).isEmpty();
  }

  @Test
  void anS3SourceReadsTheObjectsThereAndEnds() {
    S3Connection bucket = s3.connection("preview");
    put(bucket, "orders/a.csv", "id,amount\n1,10\n2,20\n");
    put(bucket, "orders/b.csv", "id,amount\n3,30\nx,40\n");
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "s3",
             "config": {"endpoint": "%s", "bucket": "preview", "accessKey": "%s",
                        "secretKey": "%s", "pathStyle": true, "prefix": "orders/",
                        "pattern": "*.csv", "fields": ["id: long", "amount: long"]}}"""
                .formatted(s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY));

    PreviewResult result = preview(plan, 100);

    assertThat(result.truncated()).as(result.reason()).isFalse();
    assertThat(lines(port(result, "keep"))).containsExactly("1,10", "2,20", "3,30");
    assertThat(result.deadLetters()).hasSize(1);
    assertThat(result.deadLetters().get(0).source()).endsWith("orders/b.csv:3");

    PreviewResult cut = preview(plan, 2);
    assertThat(cut.truncated()).as(cut.reason()).isFalse();
    assertThat(port(cut, "in").count() + cut.deadLetters().size()).isEqualTo(2);
  }

  @Test
  void aLogTailSourceReadsTheFilesFromTheirStartToTheirLastCompleteLine() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "INFO started\nWARN slow\nERROR broken\nINFO half");
    Files.writeString(logs.resolve("other.log"), "DEBUG x\n");
    Files.writeString(logs.resolve("ignored.txt"), "INFO not a log\n");
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "log-tail",
             "config": {"path": "%s", "filePattern": "*.log", "startAt": "end",
                        "format": "regex", "linePattern": "(?<level>[A-Z]+) (?<message>.*)"}}"""
                .formatted(logs));

    PreviewResult result = preview(plan, 100);

    assertThat(result.truncated()).as(result.reason()).isFalse();
    assertThat(lines(port(result, "keep")))
        .containsExactly("DEBUG,x", "ERROR,broken", "INFO,started", "WARN,slow");

    PreviewResult cut = preview(plan, 2);
    assertThat(cut.truncated()).as(cut.reason()).isFalse();
    assertThat(port(cut, "in").count()).isEqualTo(2);
  }

  @Test
  void aCdcSourceReadsASampleOfTheTableWithoutASlotOrAPublication() throws Exception {
    try (TestDatabase db = TestPostgres.freshDatabase()) {
      var settings = db.settings();
      execute(
          settings.jdbcUrl(),
          settings.user(),
          settings.password(),
          "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2), note text)",
          "INSERT INTO orders SELECT g, g * 1.5, 'n' || g FROM generate_series(1, 50) g");
      String slotsBefore =
          slotsAndPublications(settings.jdbcUrl(), settings.user(), settings.password());
      ExecutionPlan plan =
          plan(
              """
              {"id": "in", "type": "postgres-cdc",
               "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "orders",
                          "fields": ["id: long", "total: decimal"], "opField": "change"}}"""
                  .formatted(settings.jdbcUrl(), settings.user(), settings.password()));

      PreviewResult result = preview(plan, 20);

      assertThat(result.truncated()).as(result.reason()).isFalse();
      PreviewResult.PortSample in = port(result, "in");
      assertThat(in.fields())
          .extracting(PreviewResult.FieldView::name)
          .containsExactly("id", "total", "change");
      assertThat(in.count()).isEqualTo(20);
      assertThat(in.rows()).allSatisfy(row -> assertThat(row.get(2)).isEqualTo("insert"));
      assertThat(slotsAndPublications(settings.jdbcUrl(), settings.user(), settings.password()))
          .isEqualTo(slotsBefore);
    }
  }

  @Test
  void anIncrementalSourceReadsItsFirstRowsInOffsetOrder() throws Exception {
    try (TestDatabase db = TestPostgres.freshDatabase()) {
      var settings = db.settings();
      execute(
          settings.jdbcUrl(),
          settings.user(),
          settings.password(),
          "CREATE TABLE events (id bigint PRIMARY KEY, amount text)",
          "INSERT INTO events SELECT g, CASE WHEN g = 2 THEN 'NaN?' ELSE g::text END"
              + " FROM generate_series(1, 40) g");
      ExecutionPlan plan =
          plan(
              """
              {"id": "in", "type": "postgres-incremental",
               "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "events",
                          "fields": ["id: long", "amount: long"], "offsetColumns": ["id"]}}"""
                  .formatted(settings.jdbcUrl(), settings.user(), settings.password()));

      PreviewResult result = preview(plan, 5);

      assertThat(result.truncated()).as(result.reason()).isFalse();
      assertThat(lines(port(result, "in"))).containsExactly("1,1", "3,3", "4,4", "5,5");
      assertThat(result.deadLetters()).hasSize(1);
      assertThat(result.deadLetters().get(0).source()).isEqualTo("events at offset [2]");
    }
  }

  private static void put(S3Connection c, String key, String text) {
    try (var client = c.client()) {
      client.putObject(
          software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
              .bucket(c.bucket())
              .key(key)
              .build(),
          software.amazon.awssdk.core.sync.RequestBody.fromString(text, StandardCharsets.UTF_8));
    }
  }

  private static void execute(String url, String user, String password, String... sql)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** Every replication slot and publication of the server, as one text. */
  private static String slotsAndPublications(String url, String user, String password)
      throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT slot_name FROM pg_replication_slots")) {
        while (rs.next()) {
          found.add("slot " + rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT pubname FROM pg_publication")) {
        while (rs.next()) {
          found.add("publication " + rs.getString(1));
        }
      }
    }
    return String.join(", ", found);
  }
}
