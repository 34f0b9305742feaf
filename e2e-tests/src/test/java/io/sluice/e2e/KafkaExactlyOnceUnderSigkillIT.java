package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.KafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once from Kafka: a pipeline reading CSV records from a Kafka topic of four partitions
 * through a filter and a derive into PostgreSQL delivers every record once while Sluice is
 * SIGKILLed mid-stream and restarted, because the partition offsets live in the checkpoints, not in
 * the consumer group. The broker runs in the test JVM and survives the kills; the input, the kills
 * and the verdict are {@link SigkillHarness}'s, as in {@link ExactlyOnceUnderSigkillIT}.
 */
class KafkaExactlyOnceUnderSigkillIT {
  @TempDir Path dataDir;
  @TempDir Path unused;

  private SigkillHarness harness;
  private PostgresTarget target;
  private KafkaBroker kafka;

  @BeforeEach
  void startServices() {
    harness = new SigkillHarness(dataDir, unused, SigkillHarness.Input.SHORT);
    target = PostgresTarget.fresh();
    kafka = KafkaBroker.start();
    kafka.createTopic("orders", 4);
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName(), target, kafka);
  }

  @Test
  void everyKafkaRecordArrivesExactlyOnceAcrossRepeatedSigkills() throws Exception {
    harness.start();
    String pipelineId =
        harness.createPipeline(
            "orders from kafka",
            """
            {"id": "files", "type": "kafka",
             "config": {"bootstrapServers": %s, "topics": ["orders"], "format": "csv",
                        "fields": ["id: long", "amount: double", "country: string"]}}
            """
                .formatted(quote(kafka.bootstrapServers())),
            target.sinkNode("db", "orders"));
    harness.startRun(pipelineId);

    try (KafkaProducer<String, String> producer = kafka.producer()) {
      harness.deliverUnderSigkills(
          (batch, records) -> {
            for (String record : records) {
              producer.send(
                  new ProducerRecord<>("orders", record.substring(0, record.indexOf(',')), record));
            }
            producer.flush();
          },
          () -> target.count("orders"),
          () -> target.distinctIds("orders"));
    }

    target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");
    assertThat(kafka.admin().listGroups().all().get(30, TimeUnit.SECONDS))
        .as("the consumer group, which holds offsets only as a report")
        .anySatisfy(
            group -> assertThat(group.groupId()).isEqualTo("sluice-p-" + pipelineId + "-files"));
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
  }
}
