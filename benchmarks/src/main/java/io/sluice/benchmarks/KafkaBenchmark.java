package io.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.server.SluiceConfig;
import io.sluice.server.SluiceRuntime;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
   * {@code --records}, {@code --partitions}, {@code --checkpoint-interval} (ms), {@code --warm-up},
   * {@code --work-dir}.
   */
  record Options(
      long records, int partitions, long checkpointMillis, boolean warmUp, Path workDir) {
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
              Boolean.parseBoolean(value(given, "warm-up", "true")),
              Path.of(value(given, "work-dir", "benchmarks/target/kafka-benchmark")));
      if (o.records < 1 || o.partitions < 1 || o.partitions > 8 || o.checkpointMillis < 100) {
        throw new IllegalArgumentException(
            "--records >= 1, --partitions 1..8, --checkpoint-interval-ms >= 100: " + o);
      }
      return o;
    }

    /** Records of the untimed warm-up: a fifth, at most 200,000. */
    long warmUpRecords() {
      return Math.max(1, Math.min(records / 5, 200_000));
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
      for (String topic : List.of("bench-in", "raw-out", "sluice-out")) {
        kafka.createTopic(topic, o.partitions());
        if (o.warmUp()) {
          kafka.createTopic("warm-up-" + topic, o.partitions());
        }
      }
      long p0 = System.nanoTime();
      produceInput(kafka, "bench-in", o.records());
      if (o.warmUp()) {
        produceInput(kafka, "warm-up-bench-in", o.warmUpRecords());
      }
      OUT.printf(
          Locale.ROOT, "input written in %.1f s (not counted)%n", (System.nanoTime() - p0) / 1e9);

      if (o.warmUp()) {
        OUT.printf(
            Locale.ROOT, "raw loop warm-up, %,d records (not counted) ...%n", o.warmUpRecords());
        rawLoop(kafka, o, "warm-up-", o.warmUpRecords());
      }
      OUT.println("raw kafka-clients loop ...");
      Measured raw = rawLoop(kafka, o, "", o.records());
      long rawOut = countCommitted(kafka, "raw-out", o.records(), Duration.ofSeconds(30));
      OUT.printf(Locale.ROOT, "  %s, %,d records committed%n", raw, rawOut);

      Path sluiceDir = o.workDir().resolve("sluice-data-" + UUID.randomUUID());
      Measured viaSluice;
      // A fresh catalog: its admin gets a password made up for this run.
      String adminPassword = UUID.randomUUID().toString();
      try (SluiceRuntime sluice =
          SluiceRuntime.start(
              SluiceConfig.defaults(sluiceDir)
                  .withPort(0)
                  .withAuth(SluiceConfig.Auth.defaults().withAdminPassword(adminPassword)))) {
        if (o.warmUp()) {
          OUT.printf(
              Locale.ROOT, "Sluice warm-up, %,d records (not counted) ...%n", o.warmUpRecords());
          runSluice(kafka, sluice.port(), adminPassword, o, "warm-up-", o.warmUpRecords());
        }
        OUT.println("Sluice pipeline (kafka → derive → kafka-sink, exactly-once) ...");
        viaSluice = runSluice(kafka, sluice.port(), adminPassword, o, "", o.records());
      }
      long sluiceOut = countCommitted(kafka, "sluice-out", o.records(), Duration.ofSeconds(30));
      OUT.printf(Locale.ROOT, "  %s, %,d records committed%n", viaSluice, sluiceOut);

      OUT.println();
      OUT.printf(
          Locale.ROOT,
          "| loop | records/s | seconds | JVM CPU s | CPU µs/record | load average |%n"
              + "|---|---:|---:|---:|---:|---|%n");
      OUT.println(raw.tableRow("raw kafka-clients"));
      OUT.println(viaSluice.tableRow("Sluice"));
      OUT.printf(
          Locale.ROOT,
          "%nSluice / raw = %.2f× (target ≥ 0.5×)%n",
          viaSluice.recordsPerSecond() / raw.recordsPerSecond());
      OUT.printf(
          Locale.ROOT,
          "CPU: Sluice / raw records per CPU-second = %.2f× (the broker, in this JVM, counts in"
              + " both)%n",
          raw.cpuPerRecordMicros() / viaSluice.cpuPerRecordMicros());
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

  /**
   * One timed run: wall time, this JVM's CPU time (the broker runs in it, so it counts for both
   * loops), the one-minute load average at start and end.
   */
  record Measured(
      long records, double seconds, double cpuSeconds, double loadBefore, double loadAfter) {
    double recordsPerSecond() {
      return records / seconds;
    }

    double cpuPerRecordMicros() {
      return cpuSeconds * 1e6 / records;
    }

    String tableRow(String name) {
      return String.format(
          Locale.ROOT,
          "| %s | %,.0f | %.2f | %.1f | %.1f | %.1f → %.1f |",
          name,
          recordsPerSecond(),
          seconds,
          cpuSeconds,
          cpuPerRecordMicros(),
          loadBefore,
          loadAfter);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.2f s, %.1f CPU s (%.1f µs/record), load average %.1f → %.1f",
          seconds,
          cpuSeconds,
          cpuPerRecordMicros(),
          loadBefore,
          loadAfter);
    }
  }

  /** Starts measuring; {@link Clock#stop} gives the figures. */
  private static final class Clock {
    private final long start = System.nanoTime();
    private final long cpu = processCpuNanos();
    private final double load = loadAverage();

    Measured stop(long records) {
      return new Measured(
          records,
          (System.nanoTime() - start) / 1e9,
          (processCpuNanos() - cpu) / 1e9,
          load,
          loadAverage());
    }

    private static long processCpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    private static double loadAverage() {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
  }

  private static void produceInput(KafkaBroker kafka, String topic, long records) {
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
        producer.send(new ProducerRecord<>(topic, value));
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
  private static Measured rawLoop(KafkaBroker kafka, Options o, String prefix, long records)
      throws Exception {
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, prefix + "raw-loop",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            prefix + "raw-loop-tx",
            ProducerConfig.LINGER_MS_CONFIG,
            "5",
            ProducerConfig.BATCH_SIZE_CONFIG,
            "262144");
    Clock clock = new Clock();
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                consumerConfig, new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(prefix + "bench-in").stream()
              .map(p -> new TopicPartition(prefix + "bench-in", p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      producer.initTransactions();
      producer.beginTransaction();
      long done = 0;
      long lastCommit = System.nanoTime();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      while (done < records) {
        ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, String> record : batch) {
          producer.send(new ProducerRecord<>(prefix + "raw-out", derive(record.value())));
          offsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
          done++;
        }
        boolean last = done >= records;
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
    return clock.stop(records);
  }

  /** Creates and starts the pipeline; the clock stops when every record is committed. */
  private static Measured runSluice(
      KafkaBroker kafka, int port, String adminPassword, Options o, String prefix, long records)
      throws Exception {
    String servers = kafka.bootstrapServers();
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "in", "type": "kafka",
            "config": {"bootstrapServers": "%1$s", "topics": ["%4$sbench-in"],
                       "fields": ["id: long", "amount: double", "country: string"]}},
           {"id": "calc", "type": "derive",
            "config": {"fields": ["cents = CAST(amount * 100 AS BIGINT)", "cc = UPPER(country)"]}},
           {"id": "out", "type": "kafka-sink",
            "config": {"bootstrapServers": "%1$s", "topic": "%4$ssluice-out"}}],
         "edges": [{"from": {"node": "in"}, "to": {"node": "calc"}},
                   {"from": {"node": "calc"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "%2$dms", "parallelism": %3$d}}
        """
            .formatted(servers, o.checkpointMillis(), o.partitions(), prefix);
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
                        "{\"name\": \""
                            + prefix
                            + "kafka-benchmark\", \"document\": "
                            + document
                            + "}")),
            201);
    if (!created.at("/validation/valid").asBoolean()) {
      throw new IllegalStateException("Sluice rejected the benchmark pipeline: " + created);
    }
    String pipelineId = created.path("id").asText();
    try (KafkaConsumer<String, String> counter =
        kafka.readCommittedConsumer(prefix + "sluice-out")) {
      long start = System.nanoTime();
      Clock clock = new Clock();
      JsonNode run =
          send(
              http,
              HttpRequest.newBuilder(URI.create(base + "/api/pipelines/" + pipelineId + "/runs"))
                  .header("authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody()),
              201);
      long seen = 0;
      long firstSeen = 0;
      long deadline = start + Duration.ofMinutes(15).toNanos();
      while (seen < records) {
        seen += counter.poll(Duration.ofMillis(100)).count();
        if (seen > 0 && firstSeen == 0) {
          firstSeen = System.nanoTime();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Sluice delivered " + seen + " of " + records + " records in 15 minutes");
        }
      }
      Measured measured = clock.stop(records);
      OUT.printf(
          Locale.ROOT,
          "  first records visible %.1f s after the start request (job start and first"
              + " checkpoint)%n",
          (firstSeen - start) / 1e9);
      send(
          http,
          HttpRequest.newBuilder(
                  URI.create(base + "/api/runs/" + run.path("id").asText() + "/stop"))
              .header("authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.noBody()),
          200);
      return measured;
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
