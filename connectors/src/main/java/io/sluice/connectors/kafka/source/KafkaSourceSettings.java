package io.sluice.connectors.kafka.source;

import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Kafka source reads and how.
 *
 * <pre>{@code
 * new KafkaSourceSettings("k1:9092", List.of("orders"), null, StartFrom.EARLIEST, null,
 *     KafkaFormat.JSON, ',', '"', "", fields, Metadata.none().withKey("order_key"),
 *     "sluice-p-6f1c-orders", Duration.ofSeconds(30), Map.of())
 * }</pre>
 *
 * @param topics the topics to read; empty when {@code topicPattern} is given
 * @param topicPattern a regular expression for topic names, or {@code null}
 * @param startTimestamp milliseconds since 1970, for {@link StartFrom#TIMESTAMP}; else {@code null}
 * @param fields the declared fields of the value, in order; for text the one string field
 * @param metadata the names of the fields that get the record's key, topic, … (null: not wanted)
 * @param groupId the consumer group, used only to report progress: offsets live in Flink state;
 *     {@code null} until {@link #withGroupId} sets the pipeline's default
 * @param discoveryInterval how often new partitions (and topics) are looked for; zero turns it off
 * @param properties further consumer properties
 */
public record KafkaSourceSettings(
    String bootstrapServers,
    List<String> topics,
    String topicPattern,
    StartFrom startFrom,
    Long startTimestamp,
    KafkaFormat format,
    char csvDelimiter,
    char csvQuote,
    String csvNullString,
    List<Field> fields,
    Metadata metadata,
    String groupId,
    Duration discoveryInterval,
    Map<String, String> properties)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Where a first run starts in each partition; a restored run resumes from its checkpoint. */
  public enum StartFrom {
    EARLIEST,
    LATEST,
    TIMESTAMP
  }

  /**
   * Output field names for the record's metadata; each {@code null} when not wanted. Types: key,
   * topic and headers (a JSON object) string; partition and offset long; timestamp timestamp (UTC).
   */
  public record Metadata(
      String key, String topic, String partition, String offset, String timestamp, String headers)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public static Metadata none() {
      return new Metadata(null, null, null, null, null, null);
    }

    /**
     * The wanted metadata fields, in this order: key, topic, partition, offset, timestamp, headers.
     */
    public List<Field> fields() {
      List<Field> fields = new ArrayList<>();
      add(fields, key, FieldType.STRING);
      add(fields, topic, FieldType.STRING);
      add(fields, partition, FieldType.LONG);
      add(fields, offset, FieldType.LONG);
      add(fields, timestamp, FieldType.TIMESTAMP);
      add(fields, headers, FieldType.STRING);
      return fields;
    }

    private static void add(List<Field> fields, String name, FieldType type) {
      if (name != null) {
        fields.add(new Field(name, type));
      }
    }
  }

  public KafkaSourceSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    topics = List.copyOf(topics == null ? List.of() : topics);
    if (topics.isEmpty() == (topicPattern == null)) {
      throw new IllegalArgumentException("Give topics or a topic pattern, not both or neither.");
    }
    Objects.requireNonNull(startFrom, "startFrom");
    if ((startFrom == StartFrom.TIMESTAMP) != (startTimestamp != null)) {
      throw new IllegalArgumentException("A start timestamp goes with start from timestamp only.");
    }
    Objects.requireNonNull(format, "format");
    csvNullString = csvNullString == null ? "" : csvNullString;
    fields = new ArrayList<>(fields);
    if (format == KafkaFormat.TEXT && fields.isEmpty()) {
      fields.add(new Field("value", FieldType.STRING));
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("The " + format + " format needs declared fields.");
    }
    if (format == KafkaFormat.TEXT
        && (fields.size() != 1 || fields.get(0).type() != FieldType.STRING)) {
      throw new IllegalArgumentException("The text format has exactly one string field.");
    }
    fields = List.copyOf(fields);
    metadata = metadata == null ? Metadata.none() : metadata;
    discoveryInterval = discoveryInterval == null ? Duration.ofSeconds(30) : discoveryInterval;
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** These settings with {@code groupId}. */
  public KafkaSourceSettings withGroupId(String groupId) {
    return new KafkaSourceSettings(
        bootstrapServers,
        topics,
        topicPattern,
        startFrom,
        startTimestamp,
        format,
        csvDelimiter,
        csvQuote,
        csvNullString,
        fields,
        metadata,
        groupId,
        discoveryInterval,
        properties);
  }

  /** The fields of the value, then the metadata fields: what the source emits. */
  public RecordSchema outputSchema() {
    List<Field> all = new ArrayList<>(fields);
    all.addAll(metadata.fields());
    return new RecordSchema(all);
  }

  public Optional<String> pattern() {
    return Optional.ofNullable(topicPattern);
  }

  // Field and RecordSchema are not Serializable; the settings travel as plain values.
  private Object writeReplace() {
    return new SerializedForm(
        bootstrapServers,
        new ArrayList<>(topics),
        topicPattern,
        startFrom,
        startTimestamp,
        format,
        csvDelimiter,
        csvQuote,
        csvNullString,
        fields.stream().map(Field::name).toArray(String[]::new),
        fields.stream().map(Field::type).toArray(FieldType[]::new),
        metadata,
        groupId,
        discoveryInterval,
        new LinkedHashMap<>(properties));
  }

  private record SerializedForm(
      String bootstrapServers,
      ArrayList<String> topics,
      String topicPattern,
      StartFrom startFrom,
      Long startTimestamp,
      KafkaFormat format,
      char csvDelimiter,
      char csvQuote,
      String csvNullString,
      String[] fieldNames,
      FieldType[] fieldTypes,
      Metadata metadata,
      String groupId,
      Duration discoveryInterval,
      LinkedHashMap<String, String> properties)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      List<Field> fields = new ArrayList<>();
      for (int i = 0; i < fieldNames.length; i++) {
        fields.add(new Field(fieldNames[i], fieldTypes[i]));
      }
      return new KafkaSourceSettings(
          bootstrapServers,
          topics,
          topicPattern,
          startFrom,
          startTimestamp,
          format,
          csvDelimiter,
          csvQuote,
          csvNullString,
          fields,
          metadata,
          groupId,
          discoveryInterval,
          properties);
    }
  }
}
