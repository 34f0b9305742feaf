package io.sluice.connectors.kafka.sink;

import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Kafka sink writes and how.
 *
 * <pre>{@code
 * new KafkaSinkSettings("k1:9092", "orders-out", KafkaFormat.JSON, ',', fields, "id",
 *     List.of("trace"), true, "p-6f1c.out", Duration.ofMinutes(15), Map.of())
 * }</pre>
 *
 * @param fields the fields of the rows that arrive, in order
 * @param keyField the field whose text is the record key, or {@code null} for none
 * @param headerFields fields also written as headers (name = field name, value = UTF-8 text)
 * @param exactlyOnce transactions committed with checkpoints; otherwise at least once
 * @param transactionalIdPrefix the prefix of the sink's transactional ids; stable across restarts
 *     so that a restored job can abort or commit the transactions its predecessor left open
 * @param transactionTimeout the producer's {@code transaction.timeout.ms}
 * @param properties further producer properties
 */
public record KafkaSinkSettings(
    String bootstrapServers,
    String topic,
    KafkaFormat format,
    char csvDelimiter,
    List<Field> fields,
    String keyField,
    List<String> headerFields,
    boolean exactlyOnce,
    String transactionalIdPrefix,
    Duration transactionTimeout,
    Map<String, String> properties)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public KafkaSinkSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    if (format == KafkaFormat.TEXT) {
      throw new IllegalArgumentException("The Kafka sink writes JSON or CSV, not text.");
    }
    Objects.requireNonNull(format, "format");
    fields = List.copyOf(fields);
    headerFields = List.copyOf(headerFields == null ? List.of() : headerFields);
    List<String> names = fields.stream().map(Field::name).toList();
    if (keyField != null && !names.contains(keyField)) {
      throw new IllegalArgumentException(
          "Key field '" + keyField + "' is not a field of the input " + names + ".");
    }
    for (String header : headerFields) {
      if (!names.contains(header)) {
        throw new IllegalArgumentException(
            "Header field '" + header + "' is not a field of the input " + names + ".");
      }
    }
    Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
    Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  // Field is not Serializable; the settings travel as plain values.
  private Object writeReplace() {
    return new SerializedForm(
        bootstrapServers,
        topic,
        format,
        csvDelimiter,
        fields.stream().map(Field::name).toArray(String[]::new),
        fields.stream().map(Field::type).toArray(FieldType[]::new),
        keyField,
        new ArrayList<>(headerFields),
        exactlyOnce,
        transactionalIdPrefix,
        transactionTimeout,
        new LinkedHashMap<>(properties));
  }

  private record SerializedForm(
      String bootstrapServers,
      String topic,
      KafkaFormat format,
      char csvDelimiter,
      String[] fieldNames,
      FieldType[] fieldTypes,
      String keyField,
      ArrayList<String> headerFields,
      boolean exactlyOnce,
      String transactionalIdPrefix,
      Duration transactionTimeout,
      LinkedHashMap<String, String> properties)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      List<Field> fields = new ArrayList<>();
      for (int i = 0; i < fieldNames.length; i++) {
        fields.add(new Field(fieldNames[i], fieldTypes[i]));
      }
      return new KafkaSinkSettings(
          bootstrapServers,
          topic,
          format,
          csvDelimiter,
          fields,
          keyField,
          headerFields,
          exactlyOnce,
          transactionalIdPrefix,
          transactionTimeout,
          properties);
    }
  }
}
