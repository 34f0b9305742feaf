package io.sluice.connectors.check;

import io.sluice.connectors.s3.S3Connection;
import io.sluice.model.document.Node;
import io.sluice.model.kafka.KafkaConfigText;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the connection of a node of a built-in type whose descriptor offers it ({@link
 * NodeTypeDescriptor#connectionCheck()}): Kafka brokers and topics, a PostgreSQL server and table,
 * a directory (and the log files matching a glob in it), an S3 bucket. Call with a node that has
 * passed validation on its own.
 *
 * <pre>{@code
 * ConnectionCheckResult r = ConnectionChecks.check(descriptor, node, Duration.ofSeconds(5)).get();
 * }</pre>
 */
public final class ConnectionChecks {
  private ConnectionChecks() {}

  /** The result, or empty if the node's type has nothing to connect to. */
  public static Optional<ConnectionCheckResult> check(
      NodeTypeDescriptor type, Node node, Duration timeout) {
    if (!type.connectionCheck()) {
      return Optional.empty();
    }
    ConfigValues config = ConfigValues.of(type, node);
    return switch (type.type()) {
      case BuiltInNodeTypes.KAFKA -> {
        var pattern = config.optionalString("topicPattern").filter(p -> !p.isBlank());
        yield Optional.of(
            KafkaConnectionCheck.source(
                KafkaConfigText.servers(config.string("bootstrapServers")),
                config.stringList("topics").stream().map(String::strip).toList(),
                pattern.orElse(null),
                KafkaConfigText.properties(config.stringList("consumerProperties"), Set.of())
                    .values(),
                timeout));
      }
      case BuiltInNodeTypes.KAFKA_SINK ->
          Optional.of(
              KafkaConnectionCheck.sink(
                  KafkaConfigText.servers(config.string("bootstrapServers")),
                  config.string("topic").strip(),
                  config.string("delivery").equals("exactly-once")
                      ? config.duration("transactionTimeout")
                      : null,
                  KafkaConfigText.properties(config.stringList("producerProperties"), Set.of())
                      .values(),
                  timeout));
      case BuiltInNodeTypes.POSTGRES ->
          Optional.of(
              PostgresConnectionCheck.check(
                  config.string("jdbcUrl"),
                  config.optionalString("user").orElse(null),
                  config.optionalString("password").orElse(null),
                  config.string("table"),
                  config.bool("createTable"),
                  timeout));
      case BuiltInNodeTypes.POSTGRES_INCREMENTAL ->
          Optional.of(
              PostgresSourceCheck.incremental(
                  config.string("jdbcUrl"),
                  config.optionalString("user").orElse(null),
                  config.optionalString("password").orElse(null),
                  config
                      .optionalString("table")
                      .map(String::strip)
                      .filter(t -> !t.isEmpty())
                      .orElse(null),
                  config
                      .optionalString("query")
                      .map(String::strip)
                      .filter(t -> !t.isEmpty())
                      .orElse(null),
                  config.stringList("fields"),
                  timeout));
      case BuiltInNodeTypes.POSTGRES_CDC ->
          Optional.of(
              PostgresSourceCheck.cdc(
                  config.string("jdbcUrl"),
                  config.optionalString("user").orElse(null),
                  config.optionalString("password").orElse(null),
                  config.string("table").strip(),
                  config.stringList("fields"),
                  timeout));
      case BuiltInNodeTypes.FILE_DIRECTORY ->
          Optional.of(DirectoryCheck.readable(Path.of(config.string("path"))));
      case BuiltInNodeTypes.LOG_TAIL ->
          Optional.of(
              DirectoryCheck.logFiles(
                  Path.of(config.string("path").strip()), config.string("filePattern")));
      case BuiltInNodeTypes.FILE_DIRECTORY_SINK ->
          Optional.of(DirectoryCheck.writable(Path.of(config.string("path"))));
      case BuiltInNodeTypes.S3 ->
          Optional.of(
              S3ConnectionCheck.source(
                  S3Connection.of(config),
                  config.optionalString("prefix").map(String::strip).orElse(""),
                  timeout));
      case BuiltInNodeTypes.S3_SINK ->
          Optional.of(
              S3ConnectionCheck.sink(
                  S3Connection.of(config),
                  config.optionalString("prefix").map(String::strip).orElse(""),
                  timeout));
      default -> Optional.empty();
    };
  }
}
