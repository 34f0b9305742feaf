package io.sluice.connectors.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.KafkaBroker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaConnectionCheckIT {
  private static KafkaBroker kafka;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start();
    kafka.createTopic("orders", 3);
    kafka.createTopic("orders-eu", 1);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void findsTheClusterAndTheTopicsWithTheirPartitions() {
    ConnectionCheckResult result =
        KafkaConnectionCheck.source(
            kafka.bootstrapServers(),
            List.of("orders", "orders-eu"),
            null,
            Map.of(),
            Duration.ofSeconds(10));

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).isEqualTo("Connected to 1 broker(s); all topics exist.");
    assertThat(result.details())
        .containsEntry("brokers", 1)
        .containsEntry("partitions", Map.of("orders", 3, "orders-eu", 1));
  }

  @Test
  void namesTheTopicThatDoesNotExist() {
    ConnectionCheckResult result =
        KafkaConnectionCheck.sink(
            kafka.bootstrapServers(), "order", null, Map.of(), Duration.ofSeconds(10));

    assertThat(result.ok()).isFalse();
    assertThat(result.message())
        .isEqualTo("Connected to 1 broker(s), but topic order does not exist.");
  }

  @Test
  void refusesATransactionTimeoutAboveTheBrokersMaximum() {
    ConnectionCheckResult fits =
        KafkaConnectionCheck.sink(
            kafka.bootstrapServers(),
            "orders",
            Duration.ofMinutes(15),
            Map.of(),
            Duration.ofSeconds(10));
    assertThat(fits.ok()).as(fits.message()).isTrue();
    assertThat(fits.details()).containsEntry("transactionMaxTimeoutMs", 900_000L);

    ConnectionCheckResult tooLong =
        KafkaConnectionCheck.sink(
            kafka.bootstrapServers(),
            "orders",
            Duration.ofMinutes(20),
            Map.of(),
            Duration.ofSeconds(10));
    assertThat(tooLong.ok()).isFalse();
    assertThat(tooLong.message())
        .isEqualTo(
            "Connected to 1 broker(s); topic orders exists. But the transaction timeout (1200000"
                + " ms) is above the brokers' transaction.max.timeout.ms (900000 ms): lower it, or"
                + " raise the broker setting.");
  }

  @Test
  void listsTheTopicsAPatternMatches() {
    ConnectionCheckResult result =
        KafkaConnectionCheck.source(
            kafka.bootstrapServers(), List.of(), "orders-.*", Map.of(), Duration.ofSeconds(10));

    assertThat(result.ok()).isTrue();
    assertThat(result.details()).containsEntry("matchingTopics", List.of("orders-eu"));
  }

  @Test
  void saysSoWhenNoBrokerAnswers() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ConnectionCheckResult result =
        KafkaConnectionCheck.sink(
            "127.0.0.1:" + port, "orders", null, Map.of(), Duration.ofSeconds(2));

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("No answer from Kafka at 127.0.0.1:" + port);
  }
}
