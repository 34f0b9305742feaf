package io.sluice.connectors.kafka.sink;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.types.Row;

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
 */
public final class KafkaSinks {
  private KafkaSinks() {}

  public static KafkaSink<Row> create(KafkaSinkSettings settings) {
    KafkaSinkBuilder<Row> builder =
        KafkaSink.<Row>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setRecordSerializer(new RowRecordSerializer(settings))
            .setDeliveryGuarantee(
                settings.exactlyOnce()
                    ? DeliveryGuarantee.EXACTLY_ONCE
                    : DeliveryGuarantee.AT_LEAST_ONCE);
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
