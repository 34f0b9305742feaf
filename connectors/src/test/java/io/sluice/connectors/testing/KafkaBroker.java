package io.sluice.connectors.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker (KRaft, broker and controller in one) inside the test JVM, on loopback ports
 * chosen free, with its log under a temporary directory. Start one per test class:
 *
 * <pre>{@code
 * static KafkaBroker kafka;
 * @BeforeAll static void startKafka() { kafka = KafkaBroker.start(); }
 * @AfterAll static void stopKafka() { kafka.close(); }
 * ...
 * kafka.createTopic("orders", 2);
 * try (var producer = kafka.producer()) { producer.send(new ProducerRecord<>("orders", "{}")); }
 * List<ConsumerRecord<String, String>> out = kafka.readCommitted("out", 100, Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>Replication factor and minimum in-sync replicas are 1 for the internal topics (offsets,
 * transactions, share groups), so transactions work on one broker. Thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {
  private final Path dir;
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Admin admin;

  private KafkaBroker(Path dir, KafkaRaftServer server, String bootstrapServers) {
    this.dir = dir;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Formats a fresh log directory and starts the broker; returns once it answers. */
  public static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("kafka-broker");
      int port = freePort();
      int controllerPort = freePort();
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
      props.put("log.dirs", dir.resolve("log").toString());
      props.put("num.partitions", "1");
      props.put("auto.create.topics.enable", "false");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "1");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      Path config = dir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        props.store(out, "test broker");
      }
      ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
      int formatted =
          StorageTool.execute(
              new String[] {
                "format",
                "-t",
                org.apache.kafka.common.Uuid.randomUuid().toString(),
                "-c",
                config.toString(),
                "--standalone"
              },
              new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
      if (formatted != 0) {
        throw new IllegalStateException(
            "Formatting the Kafka log failed: " + formatOutput.toString(StandardCharsets.UTF_8));
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
      server.startup();
      KafkaBroker broker = new KafkaBroker(dir, server, "127.0.0.1:" + port);
      broker.admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("The Kafka broker did not answer", e);
    }
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Admin admin() {
    return admin;
  }

  /**
   * Creates a topic and waits until the broker lists it (the controller knows a new topic a moment
   * before the broker's metadata does).
   */
  public void createTopic(String name, int partitions) {
    try {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topic " + name + " was created but is not listed");
        }
        Thread.sleep(50); // metadata propagates within the broker; nothing to wait on but time
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Creating topic " + name + " failed", e);
    }
  }

  /** A plain (non-transactional) producer of string keys and values; close it. */
  public KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            "5"),
        new StringSerializer(),
        new StringSerializer());
  }

  /**
   * A consumer that reads only committed records, from the beginning, of every partition of {@code
   * topic}, with no group; close it.
   */
  public KafkaConsumer<String, String> readCommittedConsumer(String topic) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /**
   * Reads committed records of {@code topic} until {@code expected} have arrived and then one more
   * poll finds nothing new (so that more than expected shows), or until {@code timeout}.
   */
  public List<ConsumerRecord<String, String>> readCommitted(
      String topic, int expected, Duration timeout) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = readCommittedConsumer(topic)) {
      while (System.nanoTime() < deadline) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        if (records.size() >= expected && records.size() == before) {
          break;
        }
      }
    }
    return records;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    server.shutdown();
    server.awaitShutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; leaving it behind is harmless
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
