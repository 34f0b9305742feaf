package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.connectors.testing.S3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Exactly once from S3 objects and into Kafka, in one pipeline: objects arriving over time under a
 * prefix of an s3proxy bucket ({@code s3} source) go through a filter and a derive into both a
 * PostgreSQL table and a Kafka topic of four partitions ({@code kafka-sink}, transactional), while
 * Sluice is SIGKILLed twice mid-stream and restarted. The source keeps which objects it read and
 * where it is inside the current one in the checkpoints; the Kafka sink writes into transactions
 * committed with the checkpoint, and a restored job aborts what its predecessor left open.
 *
 * <p>The writer puts the {@link SigkillHarness.Input#SHORT} batches as CSV objects with a header,
 * one object every 500 ms. In the end the table must hold exactly the expected rows, and a
 * read_committed consumer over all partitions of the topic exactly the same records, none missing,
 * none twice. s3proxy and the broker run in the test JVM and survive the kills.
 */
class S3SourceExactlyOnceUnderSigkillIT {
  private static final String BUCKET = "landing";
  private static final String PREFIX = "orders/";
  private static final String TOPIC = "orders-out";

  @TempDir Path dataDir;
  @TempDir Path s3Dir;
  @TempDir Path unused;

  private SigkillHarness harness;
  private PostgresTarget target;
  private S3Server s3;
  private S3Client client;
  private KafkaBroker kafka;

  @BeforeEach
  void startServices() throws Exception {
    harness = new SigkillHarness(dataDir, unused, SigkillHarness.Input.SHORT);
    target = PostgresTarget.fresh();
    s3 = S3Server.start(s3Dir);
    client = s3.connection(BUCKET).client();
    kafka = KafkaBroker.start();
    kafka.createTopic(TOPIC, 4);
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName(), target, client, s3, kafka);
  }

  @Test
  void everyObjectRecordArrivesExactlyOnceInPostgresAndKafkaAcrossRepeatedSigkills()
      throws Exception {
    harness.start();
    harness.startRun(
        harness.createPipeline(
            "orders from s3",
            """
            {"id": "files", "type": "s3",
             "config": {"endpoint": %s, "bucket": %s, "accessKey": %s, "secretKey": %s,
                        "pathStyle": true, "prefix": %s, "pattern": "*.csv",
                        "fields": ["id: long", "amount: double", "country: string"],
                        "discoveryInterval": "200ms"}}
            """
                .formatted(
                    quote(s3.endpoint()),
                    quote(BUCKET),
                    quote(S3Server.ACCESS_KEY),
                    quote(S3Server.SECRET_KEY),
                    quote(PREFIX)),
            target.sinkNode("db", "orders"),
            """
            {"id": "out", "type": "kafka-sink",
             "config": {"bootstrapServers": %s, "topic": %s, "format": "json",
                        "keyField": "id"}}
            """
                .formatted(quote(kafka.bootstrapServers()), quote(TOPIC))));

    harness.deliverUnderSigkills(
        (batch, records) ->
            client.putObject(
                PutObjectRequest.builder()
                    .bucket(BUCKET)
                    .key(PREFIX + "orders-%04d.csv".formatted(batch))
                    .build(),
                RequestBody.fromString("id,amount,country\n" + String.join("\n", records) + "\n")),
        () -> target.count("orders"),
        () -> target.distinctIds("orders"));

    target.assertEveryRowIsExpectedAndDerivedRight(harness, "orders");

    List<ConsumerRecord<String, String>> topic =
        kafka.readCommitted(TOPIC, harness.expected(), Duration.ofMinutes(2));
    SigkillHarness.Tally tally = harness.tally();
    for (ConsumerRecord<String, String> record : topic) {
      String where = record.topic() + "-" + record.partition() + "@" + record.offset();
      tally.addJson(where, record.value());
      if (!record.value().startsWith("{\"id\":" + record.key() + ",")) {
        tally.addProblem(where + ": key " + record.key() + " is not the id of " + record.value());
      }
    }
    harness.progress("%d committed records in the topic", topic.size());
    tally.assertExactlyTheExpected();
    assertThat(topic)
        .as("records in every partition")
        .extracting(ConsumerRecord::partition)
        .containsOnly(0, 1, 2, 3)
        .contains(0, 1, 2, 3);
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
  }
}
