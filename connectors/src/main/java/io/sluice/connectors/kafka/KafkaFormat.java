package io.sluice.connectors.kafka;

/** How a Kafka record's value holds a Sluice record. */
public enum KafkaFormat {
  /** A JSON object; its top-level keys are the fields. */
  JSON,
  /** One CSV line, the fields in order. */
  CSV,
  /** The whole value as one string field (sources only). */
  TEXT
}
