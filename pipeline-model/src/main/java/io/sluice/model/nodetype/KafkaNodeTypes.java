package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.ENUM;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;

import java.util.List;

/**
 * The descriptors of the Kafka source ({@code kafka}) and sink ({@code kafka-sink}), kept apart
 * from {@link BuiltInNodeTypes} because they are long; that class registers them.
 */
final class KafkaNodeTypes {

  private KafkaNodeTypes() {}

  private static ConfigField bootstrapServers() {
    return ConfigField.builder("bootstrapServers", STRING)
        .label("Bootstrap servers")
        .required()
        .help(
            "host:port of one or more brokers, separated by commas, for example"
                + " kafka-1:9092,kafka-2:9092. The client finds the rest of the cluster from them.")
        .group("Connection")
        .build();
  }

  static final NodeTypeDescriptor SOURCE_V1 =
      new NodeTypeDescriptor(
          BuiltInNodeTypes.KAFKA,
          1,
          NodeRole.SOURCE,
          "Kafka topics",
          "Reads records from Kafka topics, as JSON, CSV or raw text. The offsets read are kept in"
              + " the pipeline's checkpoints, not in the consumer group, so a restarted pipeline"
              + " goes on exactly where its last checkpoint was: nothing lost, nothing twice.",
          List.of(),
          List.of(PortSpec.output()),
          List.of(
              BuiltInNodeTypes.connection(
                  "kafka", "Kafka", "bootstrap servers and client (security) properties"),
              bootstrapServers(),
              ConfigField.builder("topics", STRING_LIST)
                  .label("Topics")
                  .help("The topics to read, for example orders. Give topics or a topic pattern.")
                  .group("Source")
                  .build(),
              ConfigField.builder("topicPattern", STRING)
                  .label("Topic pattern")
                  .help(
                      "A Java regular expression for the topic names, for example orders-.*."
                          + " Topics created later that match are picked up too. Give topics or a"
                          + " pattern, not both.")
                  .group("Source")
                  .build(),
              ConfigField.builder("startFrom", ENUM)
                  .label("Start from")
                  .allowedValues("earliest", "latest", "timestamp")
                  .defaultValue("earliest")
                  .help(
                      "Where the first run starts reading each partition: earliest (everything"
                          + " kept), latest (only new records) or timestamp (the first record at or"
                          + " after the start timestamp). A restarted run always resumes from its"
                          + " checkpoint.")
                  .group("Source")
                  .build(),
              ConfigField.builder("startTimestamp", STRING)
                  .label("Start timestamp")
                  .help(
                      "For start from timestamp: an ISO-8601 instant such as 2026-11-24T05:00:00Z"
                          + " (a time without zone is UTC), or milliseconds since 1970.")
                  .group("Source")
                  .build(),
              ConfigField.builder("format", ENUM)
                  .label("Format")
                  .allowedValues("json", "csv", "text")
                  .defaultValue("json")
                  .help(
                      "json: each record's value is a JSON object whose top-level keys become"
                          + " fields. csv: each value is one CSV line, columns in field order. text:"
                          + " the whole value is one string field.")
                  .group("Source")
                  .build(),
              ConfigField.builder("fields", STRING_LIST)
                  .label("Fields")
                  .help(
                      "The fields of each record, one entry each as name: type, for example"
                          + " order_id: long. Types: string, long, double, decimal, boolean, date,"
                          + " timestamp. Required for json and csv; for text, at most one string"
                          + " field naming the text (value by default).")
                  .group("Schema")
                  .build(),
              ConfigField.builder("csvDelimiter", STRING)
                  .label("Delimiter")
                  .defaultValue(",")
                  .help("The single character between CSV fields.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("csvQuote", STRING)
                  .label("Quote")
                  .defaultValue("\"")
                  .help("The character around values that hold the delimiter.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("csvNullString", STRING)
                  .label("Null value")
                  .defaultValue("")
                  .help("The text that stands for a missing value; by default an empty value.")
                  .group("CSV")
                  .build(),
              metadata("keyField", "Key", "the record key as text (string)"),
              metadata("topicField", "Topic", "the topic name (string)"),
              metadata("partitionField", "Partition", "the partition number (long)"),
              metadata("offsetField", "Offset", "the offset in the partition (long)"),
              metadata("timestampField", "Timestamp", "the record timestamp in UTC (timestamp)"),
              metadata(
                  "headersField",
                  "Headers",
                  "the headers as a JSON object of name to text, such as {\"trace\":\"a1\"}"
                      + " (string); of a repeated header the last value"),
              ConfigField.builder("onError", ENUM)
                  .label("Records that cannot be read")
                  .allowedValues("dead-letter", "skip", "fail")
                  .defaultValue("dead-letter")
                  .help(
                      "dead-letter: keep the value, its topic, partition and offset and the reason"
                          + " in the dead-letter table, and go on. skip: count it and go on. fail:"
                          + " stop the pipeline (it restarts by its restart policy and meets the"
                          + " record again).")
                  .group("Errors")
                  .build(),
              ConfigField.builder("discoveryInterval", DURATION)
                  .label("Check for new partitions every")
                  .defaultValue("30s")
                  .help(
                      "How often the topics are checked for new partitions (and, with a pattern,"
                          + " new topics). 0s turns discovery off.")
                  .group("Source")
                  .build(),
              ConfigField.builder("consumerProperties", STRING_LIST)
                  .label("Consumer properties")
                  .help(
                      "Further Kafka consumer settings, one entry each as key=value, for example"
                          + " security.protocol=SASL_SSL. group.id defaults to"
                          + " sluice-p-<pipeline id>-<node id> (offsets are committed to it only"
                          + " as a report; they live in the checkpoints) and isolation.level to"
                          + " read_committed; the deserializers, auto-commit and auto.offset.reset"
                          + " are Sluice's and cannot be set.")
                  .group("Connection")
                  .build()));

  static final NodeTypeDescriptor SINK_V1 =
      new NodeTypeDescriptor(
          BuiltInNodeTypes.KAFKA_SINK,
          1,
          NodeRole.SINK,
          "Kafka topic (write)",
          "Writes records to a Kafka topic as JSON or CSV, in Kafka transactions committed with"
              + " each checkpoint, so a consumer reading with isolation.level=read_committed sees"
              + " every record exactly once.",
          List.of(PortSpec.input()),
          List.of(),
          List.of(
              BuiltInNodeTypes.connection(
                  "kafka", "Kafka", "bootstrap servers and client (security) properties"),
              bootstrapServers(),
              ConfigField.builder("topic", STRING)
                  .label("Topic")
                  .required()
                  .help("The topic to write to; it must exist.")
                  .build(),
              ConfigField.builder("format", ENUM)
                  .label("Format")
                  .allowedValues("json", "csv")
                  .defaultValue("json")
                  .help(
                      "json: each value is a JSON object of the record's fields. csv: each value"
                          + " is one CSV line, fields in order, no header.")
                  .build(),
              ConfigField.builder("csvDelimiter", STRING)
                  .label("Delimiter")
                  .defaultValue(",")
                  .help("The single character between CSV fields.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("keyField", STRING)
                  .inputFields()
                  .label("Key field")
                  .help(
                      "The field whose value, as text, becomes the record key, so that records"
                          + " with the same key go to the same partition. Empty: no key.")
                  .build(),
              ConfigField.builder("headerFields", STRING_LIST)
                  .inputFields()
                  .label("Header fields")
                  .help(
                      "Fields also written as headers, named after the field, with the value as"
                          + " UTF-8 text. A null value writes no header.")
                  .build(),
              ConfigField.builder("delivery", ENUM)
                  .label("Delivery")
                  .allowedValues("exactly-once", "at-least-once")
                  .defaultValue("exactly-once")
                  .help(
                      "exactly-once: records are written in transactions committed with each"
                          + " checkpoint; consumers must read with isolation.level=read_committed,"
                          + " and see records only after the checkpoint. at-least-once: records are"
                          + " visible at once, and may repeat after a failure.")
                  .group("Delivery")
                  .build(),
              ConfigField.builder("transactionTimeout", DURATION)
                  .label("Transaction timeout")
                  .defaultValue("15m")
                  .help(
                      "How long the broker keeps an open transaction before aborting it. Must be"
                          + " longer than the checkpoint interval plus the longest restart, and at"
                          + " most the broker's transaction.max.timeout.ms (15 minutes by"
                          + " default).")
                  .group("Delivery")
                  .build(),
              ConfigField.builder("producerProperties", STRING_LIST)
                  .label("Producer properties")
                  .help(
                      "Further Kafka producer settings, one entry each as key=value, for example"
                          + " compression.type=zstd. The serializers, transactional.id and"
                          + " transaction.timeout.ms are Sluice's and cannot be set.")
                  .group("Connection")
                  .build()));

  private static ConfigField metadata(String name, String label, String what) {
    return ConfigField.builder(name, STRING)
        .label(label + " field")
        .help("Optional: the name of a field that gets " + what + ". Empty: not included.")
        .group("Kafka metadata")
        .build();
  }
}
