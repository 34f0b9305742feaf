package io.sluice.connectors.kafka.source;

import io.sluice.connectors.file.BadRecord;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Flink's {@link KafkaSource} set up for Sluice: partition offsets live in Flink's checkpoints
 * (exactly once), the consumer group's committed offsets are only a report of progress for
 * monitoring tools, and records become rows or bad records by {@link KafkaRecordParser}.
 *
 * <pre>{@code
 * KafkaSource<Either<Row, BadRecord>> source = KafkaSources.create(settings);
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders").uid("node/orders/source");
 * }</pre>
 */
public final class KafkaSources {
  private KafkaSources() {}

  /**
   * @throws IllegalArgumentException if the settings have no group id yet
   */
  public static KafkaSource<Either<Row, BadRecord>> create(KafkaSourceSettings settings) {
    if (settings.groupId() == null) {
      throw new IllegalArgumentException("The Kafka source needs a group id");
    }
    KafkaSourceBuilder<Either<Row, BadRecord>> builder =
        KafkaSource.<Either<Row, BadRecord>>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setGroupId(settings.groupId())
            .setDeserializer(new KafkaRecordParser(settings))
            .setStartingOffsets(
                switch (settings.startFrom()) {
                  case EARLIEST -> OffsetsInitializer.earliest();
                  case LATEST -> OffsetsInitializer.latest();
                  case TIMESTAMP -> OffsetsInitializer.timestamp(settings.startTimestamp());
                });
    if (settings.pattern().isPresent()) {
      builder.setTopicPattern(Pattern.compile(settings.topicPattern()));
    } else {
      builder.setTopics(settings.topics());
    }
    // Records of aborted transactions are never read; a user may ask for read_uncommitted.
    builder.setProperty("isolation.level", "read_committed");
    builder.setProperty(
        "partition.discovery.interval.ms",
        String.valueOf(
            settings.discoveryInterval().isZero() ? -1 : settings.discoveryInterval().toMillis()));
    // Offsets are committed to the group when a checkpoint completes: for lag monitoring only.
    builder.setProperty("commit.offsets.on.checkpoint", "true");
    settings.properties().forEach(builder::setProperty);
    return builder.build();
  }
}
