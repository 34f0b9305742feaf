package io.sluice.connectors.kafka.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Flink's {@link KafkaSink} set up for Sluice. Exactly once: each subtask writes in a Kafka
 * transaction that is committed when the checkpoint that covers it completes; a restored job aborts
 * what its predecessor left open, found by the transactional id prefix (stable per pipeline and
 * node). Consumers must read with {@code isolation.level=read_committed} to see only committed
 * records.
 *
 * <pre>{@code
 * rows.sinkTo(KafkaSinks.create(settings)).uid("node/out/sink");
 * }</pre>
 *
 * <p>Batching defaults ({@link #defaults}) differ from the Kafka client's; the sink's {@code
 * producerProperties} override them.
 */
public final class KafkaSinks {
  /** {@code batch.size}: 64 KiB, four times the client's 16 KiB. */
  static final int BATCH_SIZE = 64 * 1024;

  /** {@code linger.ms} with exactly once; at least once keeps the client's 5 ms. */
  static final int EXACTLY_ONCE_LINGER_MS = 100;

  private KafkaSinks() {}

  /**
   * The producer settings Sluice sets before the user's. Larger batches mean fewer produce requests
   * for the same records, less work per record on the brokers and in the producer. With exactly
   * once a record becomes visible only when the checkpoint commits its transaction (seconds), and
   * the checkpoint flushes the producer, so waiting up to 100 ms to fill a batch (as Kafka Streams
   * does by default) adds nothing a reader sees; at least once keeps the client's 5 ms, since there
   * each record is visible as soon as it is written. 64 KiB per batch keeps one open batch for each
   * of 512 partitions within the producer's default 32 MiB buffer.
   */
  static Map<String, String> defaults(boolean exactlyOnce) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(BATCH_SIZE));
    if (exactlyOnce) {
      defaults.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(EXACTLY_ONCE_LINGER_MS));
    }
    return defaults;
  }

  public static KafkaSink<Row> create(KafkaSinkSettings settings) {
    KafkaSinkBuilder<Row> builder =
        KafkaSink.<Row>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setRecordSerializer(new RowRecordSerializer(settings))
            .setDeliveryGuarantee(
                settings.exactlyOnce()
                    ? DeliveryGuarantee.EXACTLY_ONCE
                    : DeliveryGuarantee.AT_LEAST_ONCE);
    defaults(settings.exactlyOnce()).forEach(builder::setProperty);
    settings.properties().forEach(builder::setProperty);
    if (settings.exactlyOnce()) {
      builder
          .setTransactionalIdPrefix(settings.transactionalIdPrefix())
          .setProperty(
              "transaction.timeout.ms", String.valueOf(settings.transactionTimeout().toMillis()));
    }
    return builder.build();
  }
}
