package io.sluice.connectors.kafka.sink;

import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.file.sink.RowLineEncoder;
import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.model.schema.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A row as a Kafka record: the value is the row as JSON or one CSV line, written exactly as the
 * file-directory sink writes a line (without its line break), so the Kafka source reads it back;
 * the key and headers are fields as UTF-8 text. Not thread-safe; one per sink subtask.
 */
final class RowRecordSerializer implements KafkaRecordSerializationSchema<Row> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final RowLineEncoder encoder;
  private final int key;
  private final int[] headers;
  private final String[] headerNames;

  RowRecordSerializer(KafkaSinkSettings settings) {
    this.topic = settings.topic();
    this.encoder =
        new RowLineEncoder(
            settings.format() == KafkaFormat.CSV ? FileFormat.CSV : FileFormat.JSON_LINES,
            settings.csvDelimiter(),
            settings.fields());
    List<String> names = settings.fields().stream().map(Field::name).toList();
    this.key = settings.keyField() == null ? -1 : names.indexOf(settings.keyField());
    this.headers = settings.headerFields().stream().mapToInt(names::indexOf).toArray();
    this.headerNames = settings.headerFields().toArray(String[]::new);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Row row, KafkaSinkContext context, Long timestamp) {
    byte[] value;
    try {
      value = encoder.value(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RecordHeaders recordHeaders = new RecordHeaders();
    for (int i = 0; i < headers.length; i++) {
      byte[] text = text(row.getField(headers[i]));
      if (text != null) {
        recordHeaders.add(headerNames[i], text);
      }
    }
    return new ProducerRecord<>(
        topic, null, timestamp, key < 0 ? null : text(row.getField(key)), value, recordHeaders);
  }

  private static byte[] text(Object value) {
    if (value == null) {
      return null;
    }
    String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
