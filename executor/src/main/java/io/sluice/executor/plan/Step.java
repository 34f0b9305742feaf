package io.sluice.executor.plan;

import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.connectors.kafka.source.KafkaSourceSettings;
import io.sluice.model.id.NodeId;
import io.sluice.model.schema.RecordSchema;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a pipeline, resolved into what the engine needs to run it: typed settings with
 * defaults applied and its place in the graph. Steps are pure data; {@code compile} turns them into
 * Flink operators.
 */
public sealed interface Step {

  NodeId id();

  /** The step whose output this one reads; empty for sources. */
  Optional<NodeId> input();

  /** The uid prefix of this step's operators; stable while the node keeps its id. */
  default String uid(String role) {
    return Uids.of(id().value(), role);
  }

  /**
   * What a node does with a record it cannot handle: a line a source cannot read, a record a filter
   * or derive expression fails on.
   */
  enum OnError {
    /** Keep the record, the node and the reason in the pipeline's dead-letter; go on. */
    DEAD_LETTER,
    /** Count it (metric {@code badRecords}) and go on. */
    SKIP,
    /** Fail the job, which restarts by the pipeline's restart policy. */
    FAIL
  }

  /** Synthetic records: see the generator node type. */
  record GeneratorSource(
      NodeId id,
      long seed,
      long recordsPerSecond,
      Optional<Long> count,
      Optional<RecordSchema> schema)
      implements Step {
    public GeneratorSource {
      Objects.requireNonNull(id);
      Objects.requireNonNull(count);
      Objects.requireNonNull(schema);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }
  }

  /** Files of a directory, read once each, as CSV or JSON lines. */
  record FileDirectorySource(
      NodeId id,
      String path,
      boolean recursive,
      String pattern,
      Format format,
      char csvDelimiter,
      boolean csvHeader,
      char csvQuote,
      Optional<Character> csvEscape,
      String csvNullString,
      Charset charset,
      Duration discoveryInterval,
      RecordSchema schema,
      OnError onError)
      implements Step {

    /** How the files are written. */
    public enum Format {
      CSV,
      JSON_LINES
    }

    public FileDirectorySource {
      Objects.requireNonNull(id);
      Objects.requireNonNull(path);
      Objects.requireNonNull(schema);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }
  }

  /** Keeps records where a SQL condition holds. */
  record Filter(NodeId id, NodeId from, String condition, OnError onError) implements Step {
    public Filter {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(condition);
      Objects.requireNonNull(onError);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /** Adds or replaces fields computed by SQL expressions. */
  record Derive(
      NodeId id,
      NodeId from,
      List<Derivation> fields,
      List<Rename> renames,
      List<String> drop,
      List<String> keep,
      OnError onError)
      implements Step {
    public Derive {
      Objects.requireNonNull(onError);
      fields = List.copyOf(fields);
      renames = List.copyOf(renames);
      drop = List.copyOf(drop);
      keep = List.copyOf(keep);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /** {@code old -> new}. */
  record Rename(String from, String to) {}

  /** {@code name = expression}. */
  record Derivation(String name, String expression) {}

  /** Rows into files of a directory, committed with checkpoints. */
  record FileDirectorySink(
      NodeId id,
      NodeId from,
      String path,
      FileDirectorySource.Format format,
      char csvDelimiter,
      String filePrefix)
      implements Step {
    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /** Rows into a PostgreSQL table, exactly once. */
  record PostgresSink(
      NodeId id,
      NodeId from,
      String jdbcUrl,
      String user,
      String password,
      String table,
      Mode mode,
      List<String> keyFields,
      boolean createTable)
      implements Step {

    /** Insert every record, or insert-or-update by key. */
    public enum Mode {
      APPEND,
      UPSERT
    }

    public PostgresSink {
      keyFields = List.copyOf(keyFields);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return "PostgresSink[id=%s, from=%s, jdbcUrl=%s, user=%s, table=%s, mode=%s, keyFields=%s]"
          .formatted(id, from, jdbcUrl, user, table, mode, keyFields);
    }
  }

  /** Records of Kafka topics, offsets in Flink state. */
  record KafkaSource(NodeId id, KafkaSourceSettings settings, OnError onError) implements Step {
    public KafkaSource {
      Objects.requireNonNull(id);
      Objects.requireNonNull(settings);
      Objects.requireNonNull(onError);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }

    /** Never print the client properties: they may hold credentials. */
    @Override
    public String toString() {
      return "KafkaSource[id=%s, servers=%s, topics=%s, pattern=%s, format=%s]"
          .formatted(
              id,
              settings.bootstrapServers(),
              settings.topics(),
              settings.topicPattern(),
              settings.format());
    }
  }

  /** Rows into a Kafka topic, in transactions committed with checkpoints. */
  record KafkaSink(
      NodeId id,
      NodeId from,
      String bootstrapServers,
      String topic,
      KafkaFormat format,
      char csvDelimiter,
      Optional<String> keyField,
      List<String> headerFields,
      boolean exactlyOnce,
      Duration transactionTimeout,
      Map<String, String> properties)
      implements Step {
    public KafkaSink {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(keyField);
      headerFields = List.copyOf(headerFields);
      properties = Map.copyOf(properties);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }

    /** Never print the client properties: they may hold credentials. */
    @Override
    public String toString() {
      return "KafkaSink[id=%s, from=%s, servers=%s, topic=%s, format=%s, exactlyOnce=%s]"
          .formatted(id, from, bootstrapServers, topic, format, exactlyOnce);
    }
  }
}
