package io.sluice.connectors.kafka.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.CsvOptions;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.file.format.CsvRowParser;
import io.sluice.connectors.file.format.JsonLinesRowParser;
import io.sluice.connectors.file.format.ParseResult;
import io.sluice.connectors.file.format.RowParser;
import io.sluice.model.schema.RecordSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into a row of the declared fields plus the wanted metadata, or a {@link
 * BadRecord}. The value is read by the file-directory source's parsers (JSON, CSV), so a Kafka
 * record and a line of a file are judged by the same rules and give the same reasons. A bad
 * record's source is {@code <topic>-<partition>@<offset>}; its raw text is the value as UTF-8.
 *
 * <p>Serializable and shipped to every reader; the parsers are created in {@link #open}, one per
 * subtask, since they are not thread-safe.
 */
public final class KafkaRecordParser
    implements KafkaRecordDeserializationSchema<Either<Row, BadRecord>> {
  private static final long serialVersionUID = 1L;

  private final KafkaSourceSettings settings;
  private transient RowParser parser;
  private transient ObjectMapper json;
  private transient int valueFields;
  private transient int outputFields;

  public KafkaRecordParser(KafkaSourceSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    init();
  }

  private void init() {
    RecordSchema values = new RecordSchema(settings.fields());
    parser =
        switch (settings.format()) {
          case JSON -> new JsonLinesRowParser(values);
          case CSV ->
              new CsvRowParser(
                      new CsvOptions(
                          false,
                          settings.csvDelimiter(),
                          settings.csvQuote(),
                          null,
                          settings.csvNullString(),
                          StandardCharsets.UTF_8),
                      values)
                  .positional();
          case TEXT -> text -> new ParseResult.Good(Row.of(text));
        };
    json = new ObjectMapper();
    valueFields = settings.fields().size();
    outputFields = settings.outputSchema().fields().size();
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<Row, BadRecord>> out) {
    if (parser == null) {
      init();
    }
    String source = record.topic() + "-" + record.partition() + "@" + record.offset();
    if (record.value() == null) {
      out.collect(
          Either.Right(new BadRecord(null, source, "", "The record has no value (a tombstone)")));
      return;
    }
    String text = new String(record.value(), StandardCharsets.UTF_8);
    ParseResult parsed = parser.parse(text);
    if (parsed instanceof ParseResult.Bad bad) {
      out.collect(Either.Right(new BadRecord(null, source, abbreviate(text), bad.reason())));
      return;
    }
    Row values = ((ParseResult.Good) parsed).row();
    Row row = Row.withPositions(outputFields);
    for (int i = 0; i < valueFields; i++) {
      row.setField(i, values.getField(i));
    }
    int next = valueFields;
    KafkaSourceSettings.Metadata metadata = settings.metadata();
    if (metadata.key() != null) {
      row.setField(
          next++, record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    }
    if (metadata.topic() != null) {
      row.setField(next++, record.topic());
    }
    if (metadata.partition() != null) {
      row.setField(next++, (long) record.partition());
    }
    if (metadata.offset() != null) {
      row.setField(next++, record.offset());
    }
    if (metadata.timestamp() != null) {
      row.setField(
          next++,
          record.timestamp() < 0
              ? null
              : LocalDateTime.ofInstant(Instant.ofEpochMilli(record.timestamp()), ZoneOffset.UTC));
    }
    if (metadata.headers() != null) {
      row.setField(next, headers(record));
    }
    out.collect(Either.Left(row));
  }

  private String headers(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode object = json.createObjectNode();
    for (Header header : record.headers()) {
      if (header.value() == null) {
        object.putNull(header.key());
      } else {
        object.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return object.toString();
  }

  /** Dead letters keep the value up to 1 MiB of text, like a file source's longest record. */
  private static String abbreviate(String text) {
    return text.length() <= 1 << 20 ? text : text.substring(0, 1 << 20);
  }

  @Override
  public TypeInformation<Either<Row, BadRecord>> getProducedType() {
    return FileDirectorySource.outputType(settings.outputSchema());
  }
}
