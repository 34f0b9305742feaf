package io.sluice.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in, filter, Kafka out, on a MiniCluster against a real broker: the sink's transactions are
 * read back with a read_committed consumer and hold exactly the records that pass the filter, with
 * key and headers from fields; records the source cannot read are in the dead-letter with their
 * topic, partition, offset and reason.
 */
class KafkaPipelineIT {
  private static final int RECORDS = 400;

  private static KafkaBroker kafka;
  private static MiniCluster cluster;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaBroker.start();
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .withRandomPorts()
                .build());
    cluster.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void jsonRecordsPassTheFilterIntoTheSinkExactlyOnceAndBadOnesToTheDeadLetter() throws Exception {
    kafka.createTopic("json-in", 2);
    kafka.createTopic("json-out", 2);
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (int id = 1; id <= RECORDS; id++) {
        producer.send(
            new ProducerRecord<>(
                "json-in",
                "k" + id,
                "{\"id\": %d, \"amount\": %s, \"country\": \"%s\"}"
                    .formatted(id, id % 10 + 0.5, id % 2 == 0 ? "nl" : "de")));
      }
      producer.send(new ProducerRecord<>("json-in", "bad1", "not json"));
      producer.send(new ProducerRecord<>("json-in", "bad2", "{\"id\": \"seven\"}"));
    }
    Path deadLetter = tmp.resolve("dead-letter");
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "kafka",
             "config": {"bootstrapServers": "%s", "topics": ["json-in"],
                        "fields": ["id: long", "amount: double", "country: string"],
                        "keyField": "k", "partitionField": "part"}}
            """
                .formatted(kafka.bootstrapServers()),
            "amount >= 5",
            """
            {"id": "out", "type": "kafka-sink",
             "config": {"bootstrapServers": "%s", "topic": "json-out", "keyField": "id",
                        "headerFields": ["country"]}}
            """
                .formatted(kafka.bootstrapServers()),
            deadLetter);

    JobID job = submit(plan, "p-json");
    try {
      List<Integer> expected =
          IntStream.rangeClosed(1, RECORDS).filter(id -> id % 10 >= 5).boxed().toList();
      List<ConsumerRecord<String, String>> out =
          kafka.readCommitted("json-out", expected.size(), Duration.ofMinutes(2));

      assertThat(out).hasSize(expected.size());
      List<Integer> ids = new ArrayList<>();
      for (ConsumerRecord<String, String> record : out) {
        int id = Integer.parseInt(record.key());
        ids.add(id);
        assertThat(record.value())
            .startsWith("{\"id\":" + id + ",\"amount\":" + (id % 10 + 0.5) + ",")
            .contains("\"k\":\"k" + id + "\"", "\"part\":");
        Header country = record.headers().lastHeader("country");
        assertThat(new String(country.value(), StandardCharsets.UTF_8))
            .isEqualTo(id % 2 == 0 ? "nl" : "de");
      }
      assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);

      await("two dead letters")
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(() -> assertThat(committedLines(deadLetter)).hasSize(2));
      assertThat(committedLines(deadLetter))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("\"node\":\"in\"", "\"raw\":\"not json\"", "Not valid JSON")
                      .containsPattern("\"source\":\"json-in-[01]@\\d+\""))
          .anySatisfy(line -> assertThat(line).contains("Field 'id': 'seven' is not a valid long"));
    } finally {
      cluster.cancelJob(job).get();
    }
  }

  @Test
  void csvRecordsArriveAsCsvWithTheFilterApplied() throws Exception {
    kafka.createTopic("csv-in", 1);
    kafka.createTopic("csv-out", 1);
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (int id = 1; id <= RECORDS; id++) {
        producer.send(new ProducerRecord<>("csv-in", id + "," + (id % 3) + ",\"a, b\""));
      }
      producer.send(new ProducerRecord<>("csv-in", "1,2"));
    }
    Path deadLetter = tmp.resolve("dead-letter");
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "kafka",
             "config": {"bootstrapServers": "%s", "topicPattern": "csv-i.*", "format": "csv",
                        "fields": ["id: long", "n: long", "note: string"]}}
            """
                .formatted(kafka.bootstrapServers()),
            "n = 0",
            """
            {"id": "out", "type": "kafka-sink",
             "config": {"bootstrapServers": "%s", "topic": "csv-out", "format": "csv"}}
            """
                .formatted(kafka.bootstrapServers()),
            deadLetter);

    JobID job = submit(plan, "p-csv");
    try {
      List<String> expected =
          IntStream.rangeClosed(1, RECORDS)
              .filter(id -> id % 3 == 0)
              .mapToObj(id -> id + ",0,\"a, b\"")
              .toList();
      List<ConsumerRecord<String, String>> out =
          kafka.readCommitted("csv-out", expected.size(), Duration.ofMinutes(2));

      assertThat(out)
          .extracting(ConsumerRecord::value)
          .containsExactlyElementsOf(expected); // one partition in, one out: order kept
      assertThat(out).allSatisfy(record -> assertThat(record.key()).isNull());
      await("one dead letter")
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () ->
                  assertThat(committedLines(deadLetter))
                      .singleElement()
                      .asString()
                      .contains("\"source\":\"csv-in-0@" + RECORDS + "\"")
                      .contains("Expected 3 columns, found 2"));
    } finally {
      cluster.cancelJob(job).get();
    }
  }

  private static ExecutionPlan plan(String source, String condition, String sink, Path deadLetter) {
    String json =
        """
        {"formatVersion": 1,
         "nodes": [%s,
           {"id": "keep", "type": "filter", "config": {"condition": "%s"}},
           %s],
         "edges": [{"from": {"node": "in"}, "to": {"node": "keep"}},
                   {"from": {"node": "keep"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "300ms", "parallelism": 2,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%s"}}}
        """
            .formatted(source, condition, sink, deadLetter);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static JobID submit(ExecutionPlan plan, String pipelineKey) throws Exception {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, pipelineKey);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    new JobCompiler().forRun(plan, pipelineKey, null).build(env);
    return cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
  }

  private static List<String> committedLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
