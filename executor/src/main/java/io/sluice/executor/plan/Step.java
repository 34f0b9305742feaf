package io.sluice.executor.plan;

import io.sluice.connectors.kafka.KafkaFormat;
import io.sluice.connectors.kafka.source.KafkaSourceSettings;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.postgres.incremental.IncrementalSettings;
import io.sluice.connectors.s3.S3Connection;
import io.sluice.model.id.NodeId;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.AggregateCall;
import io.sluice.model.transform.KeyPair;
import io.sluice.model.transform.PatternMeasure;
import io.sluice.model.transform.PatternStep;
import io.sluice.model.transform.RouteBranch;
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

  /**
   * The step whose output this one reads (the first, for a step with several); empty for sources.
   */
  Optional<NodeId> input();

  /**
   * Every step whose output this one reads, in the order of the edges. Which output port of each is
   * in {@link ExecutionPlan#inputsOf}.
   */
  default List<NodeId> inputs() {
    return input().stream().toList();
  }

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

  /**
   * Objects under an S3 prefix, read once each. {@code files} holds how they are read, as a
   * file-directory step would (its path is the prefix's {@code s3://} URI, for messages only).
   */
  record S3Source(
      NodeId id,
      S3Connection connection,
      String prefix,
      Duration lateObjectGrace,
      FileDirectorySource files)
      implements Step {
    public S3Source {
      Objects.requireNonNull(id);
      Objects.requireNonNull(connection);
      Objects.requireNonNull(prefix);
      Objects.requireNonNull(lateObjectGrace);
      Objects.requireNonNull(files);
    }

    public RecordSchema schema() {
      return files.schema();
    }

    public OnError onError() {
      return files.onError();
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }
  }

  /** Rows into objects under an S3 prefix, committed with checkpoints. */
  record S3Sink(
      NodeId id,
      NodeId from,
      S3Connection connection,
      String prefix,
      FileDirectorySource.Format format,
      char csvDelimiter,
      String filePrefix)
      implements Step {
    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
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

  /**
   * How a stateful step tells time: event time read from a timestamp field, with watermarks that
   * trail the newest event time by {@code watermarkDelay}, or the machine's clock.
   */
  record Time(Optional<String> field, Duration watermarkDelay) {
    public Time {
      Objects.requireNonNull(field);
      Objects.requireNonNull(watermarkDelay);
    }

    public static Time processing() {
      return new Time(Optional.empty(), Duration.ZERO);
    }

    public boolean eventTime() {
      return field.isPresent();
    }
  }

  /** Tumbling (size), hopping (size, slide) or session (gap) windows. */
  record Window(Kind kind, Duration size, Duration slide, Duration gap) {
    /** The window shapes. */
    public enum Kind {
      TUMBLING,
      HOPPING,
      SESSION
    }

    public Window {
      Objects.requireNonNull(kind);
      switch (kind) {
        case TUMBLING -> Objects.requireNonNull(size, "size");
        case HOPPING -> {
          Objects.requireNonNull(size, "size");
          Objects.requireNonNull(slide, "slide");
        }
        case SESSION -> Objects.requireNonNull(gap, "gap");
      }
    }
  }

  /** Aggregates per window and group; stateful (uid role {@code window}). */
  record WindowAggregate(
      NodeId id,
      NodeId from,
      Window window,
      Time time,
      List<String> groupBy,
      List<AggregateCall> aggregates,
      Late lateRecords)
      implements Step {

    /** What happens to a record that arrives after all its windows closed. */
    public enum Late {
      DEAD_LETTER,
      SKIP
    }

    public WindowAggregate {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(window);
      Objects.requireNonNull(time);
      Objects.requireNonNull(lateRecords);
      groupBy = List.copyOf(groupBy);
      aggregates = List.copyOf(aggregates);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /** One record per key within a time window; stateful (uid role {@code dedupe}). */
  record Deduplicate(
      NodeId id, NodeId from, List<String> keyFields, Keep keep, Duration within, Time time)
      implements Step {

    /** Which record of a key's window is passed on. */
    public enum Keep {
      FIRST,
      LAST
    }

    public Deduplicate {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(keep);
      Objects.requireNonNull(within);
      Objects.requireNonNull(time);
      keyFields = List.copyOf(keyFields);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /** The records of all inputs, merged. */
  record Union(NodeId id, List<NodeId> from) implements Step {
    public Union {
      Objects.requireNonNull(id);
      from = List.copyOf(from);
      if (from.isEmpty()) {
        throw new IllegalArgumentException("A union needs inputs");
      }
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from.get(0));
    }

    @Override
    public List<NodeId> inputs() {
      return from;
    }
  }

  /** Each record to the first branch whose condition holds, else to the default port. */
  record Route(NodeId id, NodeId from, List<RouteBranch> branches, OnError onError)
      implements Step {
    public Route {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(onError);
      branches = List.copyOf(branches);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /**
   * A SQL query over the inputs, each a table named after its node; {@code onError} applies to what
   * the query's per-record expressions fail on.
   */
  record Sql(NodeId id, List<NodeId> from, String query, OnError onError) implements Step {
    public Sql {
      Objects.requireNonNull(id);
      Objects.requireNonNull(query);
      Objects.requireNonNull(onError);
      from = List.copyOf(from);
    }

    @Override
    public Optional<NodeId> input() {
      return from.stream().findFirst();
    }

    @Override
    public List<NodeId> inputs() {
      return from;
    }
  }

  /**
   * Each record enriched with columns of the PostgreSQL row that has its key; looked up
   * synchronously through a cache in each task (no Flink state).
   */
  record LookupJoin(
      NodeId id,
      NodeId from,
      String jdbcUrl,
      String user,
      String password,
      String table,
      List<KeyPair> keys,
      RecordSchema columns,
      String prefix,
      boolean inner,
      long cacheMaxSize,
      Duration cacheTtl)
      implements Step {
    public LookupJoin {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(jdbcUrl);
      Objects.requireNonNull(table);
      Objects.requireNonNull(columns);
      Objects.requireNonNull(prefix);
      Objects.requireNonNull(cacheTtl);
      keys = List.copyOf(keys);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return "LookupJoin[id=%s, from=%s, jdbcUrl=%s, user=%s, table=%s, keys=%s]"
          .formatted(id, from, jdbcUrl, user, table, keys);
    }
  }

  /**
   * Left and right records with equal keys whose event times are close: right time in [left time -
   * before, left time + after]; stateful (uid role {@code join}).
   */
  record IntervalJoin(
      NodeId id,
      NodeId left,
      NodeId right,
      List<KeyPair> keys,
      Time leftTime,
      Time rightTime,
      Duration before,
      Duration after,
      String rightPrefix,
      List<String> rightDrop)
      implements Step {
    public IntervalJoin {
      Objects.requireNonNull(id);
      Objects.requireNonNull(left);
      Objects.requireNonNull(right);
      Objects.requireNonNull(leftTime);
      Objects.requireNonNull(rightTime);
      Objects.requireNonNull(before);
      Objects.requireNonNull(after);
      Objects.requireNonNull(rightPrefix);
      keys = List.copyOf(keys);
      rightDrop = List.copyOf(rightDrop);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(left);
    }

    @Override
    public List<NodeId> inputs() {
      return left.equals(right) ? List.of(left) : List.of(left, right);
    }
  }

  /**
   * A sequence of records per key within a time, by MATCH_RECOGNIZE; stateful (uid roles {@code
   * sql-<n>} for the planner's operators).
   */
  record Pattern(
      NodeId id,
      NodeId from,
      List<String> keyFields,
      Time time,
      List<PatternStep> steps,
      Duration within,
      List<PatternMeasure> measures)
      implements Step {
    public Pattern {
      Objects.requireNonNull(id);
      Objects.requireNonNull(from);
      Objects.requireNonNull(time);
      Objects.requireNonNull(within);
      keyFields = List.copyOf(keyFields);
      steps = List.copyOf(steps);
      measures = List.copyOf(measures);
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("A pattern needs steps");
      }
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.of(from);
    }
  }

  /**
   * Events of growing log files, byte offsets in Flink state.
   *
   * @param watermarkDelay how far the watermark trails the newest event time, when the settings
   *     name a timestamp field
   */
  record LogTailSource(
      NodeId id, LogTailSettings settings, Duration watermarkDelay, OnError onError)
      implements Step {
    public LogTailSource {
      Objects.requireNonNull(id);
      Objects.requireNonNull(settings);
      Objects.requireNonNull(watermarkDelay);
      Objects.requireNonNull(onError);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }
  }

  /** Records of Kafka topics, offsets in Flink state. */
  /** Rows of a PostgreSQL table or query past an offset that only grows; see the node type. */
  record PostgresIncrementalSource(NodeId id, IncrementalSettings settings, OnError onError)
      implements Step {
    public PostgresIncrementalSource {
      Objects.requireNonNull(id);
      Objects.requireNonNull(settings);
      Objects.requireNonNull(onError);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }
  }

  /**
   * The changes of a PostgreSQL table. The replication slot is named by the compiler after the
   * pipeline and node; {@code publication} is null for the default (the slot's name).
   */
  record PostgresCdcSource(
      NodeId id,
      String jdbcUrl,
      String user,
      String password,
      String table,
      List<String> fields,
      String opField,
      String publication,
      boolean snapshot,
      OnError onError)
      implements Step {
    public PostgresCdcSource {
      Objects.requireNonNull(id);
      Objects.requireNonNull(onError);
      Objects.requireNonNull(jdbcUrl);
      Objects.requireNonNull(table);
      fields = List.copyOf(fields);
    }

    @Override
    public Optional<NodeId> input() {
      return Optional.empty();
    }

    /** The fields of its records: the columns, then the operation. */
    public RecordSchema schema() {
      List<String> all = new java.util.ArrayList<>(fields);
      all.add(opField + ": string");
      return RecordSchema.parse(all).schema();
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return "PostgresCdcSource[id=%s, jdbcUrl=%s, table=%s]".formatted(id, jdbcUrl, table);
    }
  }

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
