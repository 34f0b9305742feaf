package io.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.server.SluiceConfig;
import io.sluice.server.SluiceRuntime;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka → derive → Kafka, exactly once, through Sluice against a hand-written kafka-clients loop
 * doing the same on the same broker in the same run: consume with read_committed, compute the
 * derived fields with Jackson, produce in a transaction that also commits the consumed offsets
 * ({@code sendOffsetsToTransaction}) every checkpoint interval. Prints records/s for both and the
 * ratio. See benchmarks/README.md.
 *
 * <pre>{@code
 * benchmarks/run-kafka-benchmark.sh --records=1000000 --partitions=2
 * }</pre>
 */
public final class KafkaBenchmark {
  private static final PrintStream OUT = System.out;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COUNTRIES = {"de", "fr", "us", "jp", "br", "nz", "ke"};

  private KafkaBenchmark() {}

  /**
   * {@code --records}, {@code --partitions}, {@code --checkpoint-interval} (ms), {@code
   * --work-dir}.
   */
  record Options(long records, int partitions, long checkpointMillis, Path workDir) {
    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) {
          throw new IllegalArgumentException("Arguments look like --name=value, got " + arg);
        }
        given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      Options o =
          new Options(
              Long.parseLong(value(given, "records", "1000000")),
              Integer.parseInt(value(given, "partitions", "2")),
              Long.parseLong(value(given, "checkpoint-interval-ms", "2000")),
              Path.of(value(given, "work-dir", "benchmarks/target/kafka-benchmark")));
      if (o.records < 1 || o.partitions < 1 || o.partitions > 8 || o.checkpointMillis < 100) {
        throw new IllegalArgumentException(
            "--records >= 1, --partitions 1..8, --checkpoint-interval-ms >= 100: " + o);
      }
      return o;
    }

    private static String value(Map<String, String> given, String name, String fallback) {
      String env = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
      return given.getOrDefault(name, env != null ? env : fallback);
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Files.createDirectories(o.workDir());
    OUT.printf(
        Locale.ROOT,
        "Kafka → derive → Kafka, exactly once: %,d records, %d partitions, commit every %d ms%n",
        o.records(),
        o.partitions(),
        o.checkpointMillis());
    try (KafkaBroker kafka = KafkaBroker.start()) {
      kafka.createTopic("bench-in", o.partitions());
      kafka.createTopic("raw-out", o.partitions());
      kafka.createTopic("sluice-out", o.partitions());
      long p0 = System.nanoTime();
      produceInput(kafka, o.records());
      OUT.printf(
          Locale.ROOT, "input written in %.1f s (not counted)%n", (System.nanoTime() - p0) / 1e9);

      OUT.println("raw kafka-clients loop ...");
      double rawSeconds = rawLoop(kafka, o);
      long rawOut = countCommitted(kafka, "raw-out", o.records(), Duration.ofSeconds(30));
      OUT.printf(Locale.ROOT, "  %.2f s, %,d records committed%n", rawSeconds, rawOut);

      OUT.println("Sluice pipeline (kafka → derive → kafka-sink, exactly-once) ...");
      Path sluiceDir = o.workDir().resolve("sluice-data-" + UUID.randomUUID());
      double sluiceSeconds;
      // A fresh catalog: its admin gets a password made up for this run.
      String adminPassword = UUID.randomUUID().toString();
      try (SluiceRuntime sluice =
          SluiceRuntime.start(
              SluiceConfig.defaults(sluiceDir)
                  .withPort(0)
                  .withAuth(SluiceConfig.Auth.defaults().withAdminPassword(adminPassword)))) {
        sluiceSeconds = runSluice(kafka, sluice.port(), adminPassword, o);
      }
      long sluiceOut = countCommitted(kafka, "sluice-out", o.records(), Duration.ofSeconds(30));
      OUT.printf(Locale.ROOT, "  %.2f s, %,d records committed%n", sluiceSeconds, sluiceOut);

      double raw = o.records() / rawSeconds;
      double viaSluice = o.records() / sluiceSeconds;
      OUT.println();
      OUT.printf(Locale.ROOT, "| loop | records/s | seconds |%n|---|---:|---:|%n");
      OUT.printf(Locale.ROOT, "| raw kafka-clients | %,.0f | %.2f |%n", raw, rawSeconds);
      OUT.printf(Locale.ROOT, "| Sluice | %,.0f | %.2f |%n", viaSluice, sluiceSeconds);
      OUT.printf(Locale.ROOT, "%nSluice / raw = %.2f× (target ≥ 0.5×)%n", viaSluice / raw);
      if (rawOut != o.records() || sluiceOut != o.records()) {
        throw new IllegalStateException(
            "expected "
                + o.records()
                + " records in each output, raw "
                + rawOut
                + ", Sluice "
                + sluiceOut);
      }
    }
  }

  private static void produceInput(KafkaBroker kafka, long records) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (long id = 1; id <= records; id++) {
        String value =
            "{\"id\":"
                + id
                + ",\"amount\":"
                + (id % 10_000) / 100.0
                + ",\"country\":\""
                + COUNTRIES[(int) (id % COUNTRIES.length)]
                + "\"}";
        producer.send(new ProducerRecord<>("bench-in", value));
      }
      producer.flush();
    }
  }

  /** What the derive node computes, by hand: cents = amount * 100, cc = UPPER(country). */
  static String derive(String value) throws java.io.IOException {
    JsonNode in = JSON.readTree(value);
    ObjectNode out = JSON.createObjectNode();
    double amount = in.path("amount").asDouble();
    out.put("id", in.path("id").asLong());
    out.put("amount", amount);
    out.put("country", in.path("country").asText());
    out.put("cents", (long) (amount * 100));
    out.put("cc", in.path("country").asText().toUpperCase(Locale.ROOT));
    return JSON.writeValueAsString(out);
  }

  /** Consume, derive, produce; a transaction with the offsets every checkpoint interval. */
  private static double rawLoop(KafkaBroker kafka, Options o) throws Exception {
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "raw-loop",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "raw-loop-tx",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    long start = System.nanoTime();
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                consumerConfig, new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor("bench-in").stream()
              .map(p -> new TopicPartition("bench-in", p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      producer.initTransactions();
      producer.beginTransaction();
      long done = 0;
      long lastCommit = System.nanoTime();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      while (done < o.records()) {
        ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, String> record : batch) {
          producer.send(new ProducerRecord<>("raw-out", derive(record.value())));
          offsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
          done++;
        }
        boolean last = done >= o.records();
        if (last || System.nanoTime() - lastCommit >= o.checkpointMillis() * 1_000_000) {
          producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
          producer.commitTransaction();
          lastCommit = System.nanoTime();
          if (!last) {
            producer.beginTransaction();
          }
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Creates and starts the pipeline; the clock stops when every record is committed. */
  private static double runSluice(KafkaBroker kafka, int port, String adminPassword, Options o)
      throws Exception {
    String servers = kafka.bootstrapServers();
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "in", "type": "kafka",
            "config": {"bootstrapServers": "%1$s", "topics": ["bench-in"],
                       "fields": ["id: long", "amount: double", "country: string"]}},
           {"id": "calc", "type": "derive",
            "config": {"fields": ["cents = CAST(amount * 100 AS BIGINT)", "cc = UPPER(country)"]}},
           {"id": "out", "type": "kafka-sink",
            "config": {"bootstrapServers": "%1$s", "topic": "sluice-out"}}],
         "edges": [{"from": {"node": "in"}, "to": {"node": "calc"}},
                   {"from": {"node": "calc"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "%2$dms", "parallelism": %3$d}}
        """
            .formatted(servers, o.checkpointMillis(), o.partitions());
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    String token = SluiceLoader.apiToken(http, base, adminPassword);
    JsonNode created =
        send(
            http,
            HttpRequest.newBuilder(URI.create(base + "/api/pipelines"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + token)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"kafka-benchmark\", \"document\": " + document + "}")),
            201);
    if (!created.at("/validation/valid").asBoolean()) {
      throw new IllegalStateException("Sluice rejected the benchmark pipeline: " + created);
    }
    String pipelineId = created.path("id").asText();
    try (KafkaConsumer<String, String> counter = kafka.readCommittedConsumer("sluice-out")) {
      long start = System.nanoTime();
      JsonNode run =
          send(
              http,
              HttpRequest.newBuilder(URI.create(base + "/api/pipelines/" + pipelineId + "/runs"))
                  .header("authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody()),
              201);
      long seen = 0;
      long deadline = start + Duration.ofMinutes(15).toNanos();
      while (seen < o.records()) {
        seen += counter.poll(Duration.ofMillis(100)).count();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Sluice delivered " + seen + " of " + o.records() + " records in 15 minutes");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      send(
          http,
          HttpRequest.newBuilder(
                  URI.create(base + "/api/runs/" + run.path("id").asText() + "/stop"))
              .header("authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.noBody()),
          200);
      return seconds;
    }
  }

  private static long countCommitted(
      KafkaBroker kafka, String topic, long expected, Duration quiet) {
    long seen = 0;
    long deadline = System.nanoTime() + quiet.toNanos();
    try (KafkaConsumer<String, String> consumer = kafka.readCommittedConsumer(topic)) {
      while (System.nanoTime() < deadline) {
        int polled = consumer.poll(Duration.ofMillis(500)).count();
        seen += polled;
        if (seen >= expected && polled == 0) {
          break;
        }
      }
    }
    return seen;
  }

  private static JsonNode send(HttpClient http, HttpRequest.Builder request, int expected)
      throws Exception {
    HttpRequest built = request.timeout(Duration.ofMinutes(5)).build();
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
    return JSON.readTree(response.body());
  }
}
