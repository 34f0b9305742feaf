package io.sluice.executor.compile;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.callSql;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.CsvOptions;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.file.SplitBadRecords;
import io.sluice.connectors.file.sink.FileDirectorySinks;
import io.sluice.connectors.generator.GeneratedRecords;
import io.sluice.connectors.generator.GeneratorSource;
import io.sluice.connectors.kafka.sink.KafkaSinkSettings;
import io.sluice.connectors.kafka.sink.KafkaSinks;
import io.sluice.connectors.kafka.source.KafkaSourceSettings;
import io.sluice.connectors.kafka.source.KafkaSources;
import io.sluice.connectors.logtail.LogTailSource;
import io.sluice.connectors.postgres.PostgresSink;
import io.sluice.connectors.postgres.PostgresSinkSettings;
import io.sluice.connectors.postgres.PostgresTables;
import io.sluice.connectors.postgres.TableProblem;
import io.sluice.connectors.postgres.cdc.CdcSettings;
import io.sluice.connectors.postgres.cdc.PostgresCdcSource;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import io.sluice.connectors.postgres.incremental.PostgresIncrementalSource;
import io.sluice.connectors.s3.sink.S3Sink;
import io.sluice.connectors.s3.sink.S3SinkSettings;
import io.sluice.connectors.s3.source.S3Source;
import io.sluice.connectors.s3.source.S3SourceSettings;
import io.sluice.executor.compile.guard.ExpressionGuard;
import io.sluice.executor.compile.replay.ReplayInput;
import io.sluice.executor.compile.sample.PreviewSources;
import io.sluice.executor.compile.transform.FieldProblem;
import io.sluice.executor.compile.transform.LookupQuery;
import io.sluice.executor.engine.StreamGraphBuilder;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.Step;
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.document.DeliveryGuarantee;
import io.sluice.model.document.Durations;
import io.sluice.model.document.PortRef;
import io.sluice.model.document.RestartPolicy;
import io.sluice.model.document.Settings;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ApiExpression;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Compiles an {@link ExecutionPlan} into a Flink job.
 *
 * <p>Sources are Flink sources with stable uids; filter and derive steps are SQL expressions that
 * Flink's planner type-checks and compiles to Java code (no interpreter per record); sinks commit
 * with checkpoints. Records a source cannot read, and records a filter or derive expression fails
 * on, follow their node's {@code onError}: the dead-letter sink, a count, or a failed job.
 *
 * <pre>{@code
 * StreamGraphBuilder job = compiler.forRun(plan, "p-6f1c", deadLetter);
 * engine.submit("p-6f1c", job, restorePath);
 * }</pre>
 *
 * <p>{@link #check} runs the same compilation on empty inputs to report expression mistakes (a
 * misspelt field, a type error) as problems on their node before anything runs.
 */
public final class JobCompiler {

  /** The catalog's dead-letter table, where bad records go unless the pipeline chose another. */
  public record DeadLetter(String jdbcUrl, String user, String password, String table) {
    /** The fields of a dead-letter row. */
    public static final RecordSchema SCHEMA =
        new RecordSchema(
            List.of(
                new Field("pipeline", FieldType.STRING),
                new Field("node", FieldType.STRING),
                new Field("source", FieldType.STRING),
                new Field("raw", FieldType.STRING),
                new Field("reason", FieldType.STRING)));

    @Override
    public String toString() {
      return "DeadLetter[jdbcUrl=" + jdbcUrl + ", user=" + user + ", table=" + table + "]";
    }
  }

  /**
   * Dead letters of one node to send back through the current version of a pipeline.
   *
   * @param node the node that rejected them: a file source (records are its lines), a log-tail
   *     source (records are its events) or a filter or derive (records are JSON objects of its
   *     input's fields)
   * @param records their source (kept in a dead letter that fails again) and raw text
   */
  public record Replay(NodeId node, List<Record> records) {
    public Replay {
      java.util.Objects.requireNonNull(node, "node");
      records = List.copyOf(records);
    }

    /** One dead letter's {@code source} and {@code raw}. */
    public record Record(String source, String raw) {
      public Record {
        java.util.Objects.requireNonNull(raw, "raw");
      }
    }
  }

  /** Builds the job of {@code plan} for the pipeline {@code pipelineKey}. */
  public StreamGraphBuilder forRun(ExecutionPlan plan, String pipelineKey, DeadLetter deadLetter) {
    return build(plan, null, null, pipelineKey, pipelineKey, deadLetter);
  }

  /**
   * Builds a bounded job that sends {@code replay}'s records through {@code plan} from the node
   * that rejected them: the node reads them in place of its input, the nodes after it are those of
   * the plan, and nothing else of the plan runs. Records the node (or one after it) rejects again
   * go to the pipeline's dead-letter with the new reason.
   *
   * @param jobKey names the replay's sink transactions; must differ from the pipeline's key so that
   *     a replay and the pipeline never take each other's prepared transactions for their own
   * @param pipelineKey the pipeline's key, written into the dead-letter rows
   * @throws IllegalArgumentException when the node is not in the plan or cannot be replayed
   */
  public StreamGraphBuilder forReplay(
      ExecutionPlan plan, Replay replay, String jobKey, String pipelineKey, DeadLetter deadLetter) {
    replayInputSchema(plan, replay.node()); // fails early on a node that cannot be replayed
    if (jobKey.equals(pipelineKey)) {
      throw new IllegalArgumentException("A replay needs a job key of its own");
    }
    return build(plan, replay, null, jobKey, pipelineKey, deadLetter);
  }

  /**
   * What a preview reads and where its records go: sinks are never built, every output port's
   * stream and the dead-letter stream are handed to {@code collect} instead.
   *
   * @param limit the most records each source reads (a generator's count is cut to it)
   * @param fileLines the lines each file-directory source reads in place of its directory, as
   *     {@code (source, raw)} like dead letters: a file's name and line number, and the line
   * @param tableRows the rows each PostgreSQL source (incremental or change data capture) reads in
   *     place of its table, read beforehand without a slot or an offset ({@link
   *     io.sluice.executor.compile.sample.PostgresSamples})
   * @param collect receives the streams while the job is built
   */
  public record Preview(
      int limit,
      Map<NodeId, List<Replay.Record>> fileLines,
      Map<NodeId, List<Either<Row, BadRecord>>> tableRows,
      PreviewCollector collect) {
    public Preview {
      if (limit < 1) {
        throw new IllegalArgumentException("A preview reads at least one record, was " + limit);
      }
      fileLines = Map.copyOf(fileLines);
      tableRows = Map.copyOf(tableRows);
      java.util.Objects.requireNonNull(collect, "collect");
    }
  }

  /** Takes a preview's streams as the job is built, in place of sinks. */
  public interface PreviewCollector {
    /** The records leaving {@code port}, with its fields. */
    void port(PortRef port, RecordSchema schema, DataStream<Row> rows);

    /** Every rejected record of the job, as rows of {@link DeadLetter#SCHEMA}. */
    void deadLetters(DataStream<Row> rows);
  }

  /**
   * Builds a bounded job that runs {@code plan} on a sample and writes nowhere: each source reads
   * at most {@code preview.limit()} records (a file source reads the lines given to it, never its
   * directory), there are no sinks and no checkpoints, and the records of every port and every dead
   * letter go to {@code preview.collect()}. Kafka, S3 and log-tail sources read what is there when
   * the preview starts ({@link PreviewSources}); PostgreSQL sources read {@code
   * preview.tableRows()}. Bounded sources end with a final watermark, so event-time windows fire
   * their last results before the job finishes.
   */
  public StreamGraphBuilder forPreview(ExecutionPlan plan, Preview preview) {
    return build(plan, null, preview, "preview", "preview", null);
  }

  /**
   * The fields a replay of {@code node}'s dead letters is read into: a file source's fields, or the
   * fields of a filter's or derive's input, or a log-tail source's fields.
   *
   * @throws IllegalArgumentException when the node is not in the plan or is a generator or sink
   */
  public RecordSchema replayInputSchema(ExecutionPlan plan, NodeId node) {
    Step step =
        plan.step(node)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Node '" + node.value() + "' is not in the pipeline's current version."));
    if (step instanceof Step.FileDirectorySource f) {
      return f.schema();
    }
    if (step instanceof Step.S3Source s) {
      return s.schema();
    }
    if (step instanceof Step.LogTailSource l) {
      return l.settings().schema();
    }
    if (step instanceof Step.Filter || step instanceof Step.Derive) {
      return schemas(plan).get(step.input().orElseThrow());
    }
    throw new IllegalArgumentException(
        "Node '"
            + node.value()
            + "' is a "
            + step.getClass().getSimpleName()
            + "; only dead letters of file and log-tail sources, filters and derives can be"
            + " replayed.");
  }

  /** The node and every node after it. */
  private static java.util.Set<NodeId> downstreamOf(ExecutionPlan plan, NodeId node) {
    java.util.Set<NodeId> found = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<NodeId> todo = new java.util.ArrayDeque<>(List.of(node));
    while (!todo.isEmpty()) {
      NodeId next = todo.pop();
      if (found.add(next)) {
        plan.consumersOf(next).forEach(s -> todo.push(s.id()));
      }
    }
    return found;
  }

  private StreamGraphBuilder build(
      ExecutionPlan plan,
      Replay replay,
      Preview preview,
      String jobKey,
      String pipelineKey,
      DeadLetter deadLetter) {
    java.util.Set<NodeId> included =
        replay == null
            ? plan.steps().stream().map(Step::id).collect(Collectors.toSet())
            : downstreamOf(plan, replay.node());
    RecordSchema replaySchema = replay == null ? null : replayInputSchema(plan, replay.node());
    return env -> {
      if (preview == null) {
        configure(env, plan.settings());
      } else {
        configurePreview(env);
      }
      StreamTableEnvironment tables = StreamTableEnvironment.create(env);
      List<DataStream<BadRecord>> badRecords = new ArrayList<>();
      // Every node's output is a DataStream of rows. A filter or derive is its own Table
      // translation, from its input stream to its output stream, so the planner cannot merge two
      // nodes' expressions into one operator and a failing record is charged to the right node.
      Map<PortRef, DataStream<Row>> streams = new LinkedHashMap<>();
      Map<PortRef, RecordSchema> schemas = new LinkedHashMap<>();
      for (Step step : plan.steps()) {
        if (!included.contains(step.id())) {
          continue;
        }
        boolean replayed = replay != null && step.id().equals(replay.node());
        Step.FileDirectorySource replayedFiles =
            step instanceof Step.S3Source s3 ? s3.files() : null;
        if (replayed && replayedFiles != null) {
          streams.put(
              out(step),
              split(
                  ReplayInput.of(
                      env,
                      step.id().value(),
                      replay.records(),
                      fileSettings(replayedFiles),
                      replayedFiles.csvHeader()),
                  step.id().value(),
                  replayedFiles.onError(),
                  badRecords));
          schemas.put(out(step), replayedFiles.schema());
        } else if (replayed && step instanceof Step.FileDirectorySource f) {
          streams.put(
              out(step),
              split(
                  ReplayInput.of(
                      env, f.id().value(), replay.records(), fileSettings(f), f.csvHeader()),
                  f.id().value(),
                  f.onError(),
                  badRecords));
          schemas.put(out(step), f.schema());
        } else if (replayed && step instanceof Step.LogTailSource l) {
          streams.put(
              out(step),
              split(
                  ReplayInput.ofLogTail(env, l.id().value(), replay.records(), l.settings()),
                  l.id().value(),
                  l.onError(),
                  badRecords));
          schemas.put(out(step), l.settings().schema());
        } else if (preview != null && step instanceof Step.FileDirectorySource f) {
          List<Replay.Record> lines = preview.fileLines().getOrDefault(f.id(), List.of());
          streams.put(
              out(step),
              split(
                  ReplayInput.of(
                      env,
                      f.id().value(),
                      lines.subList(0, Math.min(lines.size(), preview.limit())),
                      fileSettings(f),
                      f.csvHeader()),
                  f.id().value(),
                  f.onError(),
                  badRecords));
          schemas.put(out(step), f.schema());
        } else if (preview != null && step instanceof Step.GeneratorSource g) {
          long count = Math.min(g.count().orElse(Long.MAX_VALUE), preview.limit());
          streams.put(
              out(step),
              source(
                  env,
                  new Step.GeneratorSource(g.id(), g.seed(), 0, Optional.of(count), g.schema()),
                  badRecords,
                  pipelineKey));
          schemas.put(out(step), sourceSchema(step));
        } else if (preview != null && isSource(step)) {
          streams.put(out(step), previewSource(env, step, preview, badRecords, pipelineKey));
          schemas.put(out(step), sourceSchema(step));
        } else if (isSource(step)) {
          streams.put(out(step), source(env, step, badRecords, pipelineKey));
          schemas.put(out(step), sourceSchema(step));
        } else if (step instanceof Step.Filter || step instanceof Step.Derive) {
          PortRef from = plan.inputsOf(step.id()).get(0);
          if (replayed) {
            streams.put(
                from,
                split(
                    ReplayInput.of(
                        env, step.id().value(), replay.records(), jsonOf(replaySchema), false),
                    step.id().value(),
                    policy(step).onError(),
                    badRecords));
          }
          DataStream<Row> input = streams.get(from);
          Map<NodeId, Table> in = Map.of(from.node(), tables.fromDataStream(input));
          Table out = apply(step, tables, in, s -> input).orElseThrow();
          ExpressionGuard.Guarded guarded =
              ExpressionGuard.apply(tables.toDataStream(out), input, policy(step));
          badRecords.addAll(guarded.badRecords());
          streams.put(out(step), guarded.rows());
          schemas.put(out(step), schemaOf(out));
        } else if (TransformCompiler.handles(step)) {
          TransformCompiler.compile(plan, step, tables, streams, schemas, badRecords);
        }
      }
      if (preview != null) {
        streams.forEach((port, rows) -> preview.collect().port(port, schemas.get(port), rows));
        if (!badRecords.isEmpty()) {
          preview.collect().deadLetters(deadLetterRows(badRecords, pipelineKey));
        }
        return;
      }
      for (Step step : plan.steps()) {
        if (included.contains(step.id()) && step instanceof Step.PostgresSink sink) {
          PortRef from = plan.inputsOf(sink.id()).get(0);
          RecordSchema schema = schemas.get(from);
          DataStream<Row> rows = streams.get(from);
          if (sink.mode() == Step.PostgresSink.Mode.UPSERT) {
            // One key, one subtask: writes of the same key keep their order.
            int[] keys =
                sink.keyFields().stream().mapToInt(k -> schema.names().indexOf(k)).toArray();
            rows = rows.keyBy(row -> keyOf(row, keys));
          }
          rows.sinkTo(new PostgresSink(postgres(sink, schema, jobKey)))
              .uid(sink.uid("sink"))
              .name(sink.id() + " → " + sink.table());
        }
      }
      for (Step step : plan.steps()) {
        if (included.contains(step.id()) && step instanceof Step.FileDirectorySink sink) {
          PortRef from = plan.inputsOf(sink.id()).get(0);
          RecordSchema schema = schemas.get(from);
          streams
              .get(from)
              .sinkTo(
                  FileDirectorySinks.create(
                      sink.path(),
                      sink.format() == Step.FileDirectorySource.Format.JSON_LINES
                          ? FileFormat.JSON_LINES
                          : FileFormat.CSV,
                      sink.csvDelimiter(),
                      sink.filePrefix(),
                      schema.fields()))
              .uid(sink.uid("sink"))
              .name(sink.id() + " → " + sink.path());
        }
      }
      for (Step step : plan.steps()) {
        if (included.contains(step.id()) && step instanceof Step.S3Sink sink) {
          PortRef from = plan.inputsOf(sink.id()).get(0);
          streams
              .get(from)
              .sinkTo(new S3Sink(s3Sink(sink, schemas.get(from))))
              .uid(sink.uid("sink"))
              .name(sink.id() + " → " + sink.connection().uri(sink.prefix()));
        }
      }
      for (Step step : plan.steps()) {
        if (included.contains(step.id()) && step instanceof Step.KafkaSink sink) {
          PortRef from = plan.inputsOf(sink.id()).get(0);
          // The job's key: a replay's transactions must never share ids with the pipeline's.
          streams
              .get(from)
              .sinkTo(KafkaSinks.create(kafkaSink(sink, schemas.get(from), jobKey)))
              .uid(sink.uid("sink"))
              .name(sink.id() + " → " + sink.topic());
        }
      }
      if (!badRecords.isEmpty()) {
        DataStream<Row> rows = deadLetterRows(badRecords, pipelineKey);
        DeadLetterTarget target = plan.settings().deadLetter();
        if (target instanceof DeadLetterTarget.Directory dir) {
          rows.sinkTo(
                  FileDirectorySinks.create(
                      dir.path(),
                      FileFormat.JSON_LINES,
                      ',',
                      "dead-letter",
                      DeadLetter.SCHEMA.fields()))
              .uid("pipeline/dead-letter/sink")
              .name("dead-letter → " + dir.path());
        } else {
          rows.sinkTo(new PostgresSink(deadLetterSettings(target, deadLetter, jobKey)))
              .uid("pipeline/dead-letter/sink")
              .name("dead-letter");
        }
      }
    };
  }

  /** Every bad record of the job as a row of {@link DeadLetter#SCHEMA}. */
  private static DataStream<Row> deadLetterRows(
      List<DataStream<BadRecord>> badRecords, String pipelineKey) {
    DataStream<BadRecord> all = badRecords.get(0);
    for (DataStream<BadRecord> more : badRecords.subList(1, badRecords.size())) {
      all = all.union(more);
    }
    return all.map(
            bad -> deadLetterRow(pipelineKey, bad),
            new RowTypeInfo(
                FileDirectorySource.rowType(DeadLetter.SCHEMA).getFieldTypes(),
                DeadLetter.SCHEMA.names().toArray(String[]::new)))
        .uid("pipeline/dead-letter/rows")
        .name("dead-letter rows");
  }

  /**
   * Type-checks every expression of the plan against the fields that reach it; returns a problem
   * per node that does not compile, never throws for a user's mistake.
   */
  public List<Problem> check(ExecutionPlan plan) {
    return analyze(plan).problems();
  }

  /**
   * What compiling the plan on empty inputs shows: the problems of the nodes that do not compile,
   * and the fields flowing out of every node that does: {@code fields} by node (its {@code out}
   * port, or for a route the fields all its ports share) and {@code ports} by output port. One
   * table environment for both, since creating one costs the planner's start-up.
   */
  public record Analysis(
      List<Problem> problems, Map<NodeId, RecordSchema> fields, Map<PortRef, RecordSchema> ports) {
    public Analysis {
      problems = List.copyOf(problems);
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }
  }

  /**
   * Analyses of recent plans, shared by every compiler in the process. An analysis depends on
   * nothing but the plan (a value: records and lists all the way down), and each one creates a
   * table environment, whose planner start-up costs far more than the analysis itself; a pipeline
   * is analysed when it is saved, shown, and again when it starts, mostly with the same plan.
   */
  private static final Map<ExecutionPlan, Analysis> ANALYSES =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ExecutionPlan, Analysis> eldest) {
              return size() > 64;
            }
          });

  /**
   * Type-checks the plan and derives every node's output fields; never throws for user mistakes.
   * The same plan (by value) is analysed once and then answered from a small cache.
   */
  public Analysis analyze(ExecutionPlan plan) {
    Analysis known = ANALYSES.get(plan);
    if (known != null) {
      return known;
    }
    Analysis analysis = analyzeNow(plan);
    ANALYSES.put(plan, analysis);
    return analysis;
  }

  private Analysis analyzeNow(ExecutionPlan plan) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    List<Problem> problems = new ArrayList<>();
    Map<PortRef, Table> outputs = new LinkedHashMap<>();
    Map<NodeId, RecordSchema> fields = new LinkedHashMap<>();
    Map<PortRef, RecordSchema> ports = new LinkedHashMap<>();
    for (Step step : plan.steps()) {
      List<PortRef> inputs = plan.inputsOf(step.id());
      if (!outputs.keySet().containsAll(inputs)) {
        continue; // an input already has a problem; one mistake is reported once
      }
      try {
        Map<PortRef, Table> out = new LinkedHashMap<>();
        if (TransformCompiler.handles(step)) {
          out.putAll(TransformCompiler.analyze(plan, step, env, tables, outputs));
        } else {
          Map<NodeId, Table> in =
              inputs.isEmpty()
                  ? Map.of()
                  : Map.of(inputs.get(0).node(), outputs.get(inputs.get(0)));
          apply(step, tables, in, s -> emptySource(env, s)).ifPresent(t -> out.put(out(step), t));
        }
        for (var port : out.entrySet()) {
          RecordSchema schema = schemaOf(port.getValue());
          ports.put(port.getKey(), schema);
          fields.putIfAbsent(step.id(), schema);
          outputs.put(port.getKey(), port.getValue());
        }
      } catch (FieldProblem e) {
        problems.add(new Problem(step.id().value(), e.field(), e.code(), e.getMessage()));
      } catch (MissingFieldException e) {
        problems.add(
            new Problem(
                step.id().value(), "config." + e.configField, "unknown-field", e.getMessage()));
      } catch (RuntimeException e) {
        problems.add(
            new Problem(step.id().value(), fieldOf(step), "invalid-expression", plannerMessage(e)));
      }
    }
    return new Analysis(problems, fields, ports);
  }

  /**
   * Checks every sink against its target: reachable, allowed to commit exactly once, and a table
   * whose columns fit the fields that arrive (or that may be created). Call with the fields of an
   * {@link #analyze} that found no problems; talks to the databases.
   */
  public List<Problem> checkSinks(
      ExecutionPlan plan, Map<NodeId, RecordSchema> schemas, String pipelineKey) {
    List<Problem> problems = new ArrayList<>();
    if (plan.settings().deadLetter() instanceof DeadLetterTarget.Postgres pg) {
      for (TableProblem problem : PostgresTables.check(deadLetterSettings(pg, null, pipelineKey))) {
        problems.add(
            new Problem(null, "settings.deadLetter", "dead-letter-not-ready", problem.message()));
      }
    }
    for (Step step : plan.steps()) {
      if (step instanceof Step.KafkaSink sink) {
        // A transaction stays open from one checkpoint to the next; one that outlives its
        // timeout is aborted by the broker, and its records are lost.
        java.time.Duration interval = plan.settings().checkpointInterval();
        if (sink.exactlyOnce() && sink.transactionTimeout().compareTo(interval) <= 0) {
          problems.add(
              new Problem(
                  sink.id().value(),
                  "config.transactionTimeout",
                  "invalid-config",
                  "Transaction timeout "
                      + Durations.format(sink.transactionTimeout())
                      + " must be longer than the checkpoint interval "
                      + Durations.format(interval)
                      + " (and the time a restart takes), or the broker aborts transactions"
                      + " before they are committed."));
        }
        RecordSchema input = schemas.get(sink.from());
        if (input == null) {
          continue; // its input's fields are unknown: that node has a problem already
        }
        List<String> names = input.names();
        sink.keyField()
            .filter(k -> !names.contains(k))
            .ifPresent(
                k ->
                    problems.add(
                        new Problem(
                            sink.id().value(),
                            "config.keyField",
                            "unknown-field",
                            "Key field '" + k + "' is not a field of the input " + names + ".")));
        for (String header : sink.headerFields()) {
          if (!names.contains(header)) {
            problems.add(
                new Problem(
                    sink.id().value(),
                    "config.headerFields",
                    "unknown-field",
                    "Header field '" + header + "' is not a field of the input " + names + "."));
          }
        }
      }
    }
    for (Step step : plan.steps()) {
      if (step instanceof Step.LookupJoin join && schemas.get(join.from()) != null) {
        for (var mismatch : LookupQuery.check(join, schemas.get(join.from()))) {
          problems.add(
              new Problem(
                  join.id().value(), mismatch.field(), "lookup-not-ready", mismatch.message()));
        }
      }
    }
    for (Step step : plan.steps()) {
      if (step instanceof Step.PostgresSink sink) {
        RecordSchema schema = schemas.get(sink.from());
        if (schema == null) {
          continue; // its input's fields are unknown: that node has a problem already
        }
        for (String key : sink.keyFields()) {
          if (schema.names().stream().noneMatch(key::equals)) {
            problems.add(
                new Problem(
                    sink.id().value(),
                    "config.keyFields",
                    "unknown-field",
                    "Key field '" + key + "' is not a field of the input " + schema.names() + "."));
          }
        }
        if (!problems.isEmpty()) {
          continue;
        }
        for (TableProblem problem : PostgresTables.check(postgres(sink, schema, pipelineKey))) {
          problems.add(
              new Problem(sink.id().value(), "config.table", "sink-not-ready", problem.message()));
        }
      }
    }
    return problems;
  }

  /** The output schema of every step that has an output, for showing fields on edges. */
  public Map<NodeId, RecordSchema> schemas(ExecutionPlan plan) {
    Analysis analysis = analyze(plan);
    if (!analysis.problems().isEmpty()) {
      throw new IllegalArgumentException("The plan does not compile: " + analysis.problems());
    }
    return analysis.fields();
  }

  @FunctionalInterface
  private interface Sources {
    DataStream<Row> of(Step step);
  }

  private static Optional<Table> apply(
      Step step, StreamTableEnvironment tables, Map<NodeId, Table> outputs, Sources sources) {
    if (isSource(step)) {
      return Optional.of(tables.fromDataStream(sources.of(step)));
    }
    if (step instanceof Step.Filter filter) {
      Table filtered = outputs.get(filter.from()).filter(callSql(filter.condition()));
      return Optional.of(filtered);
    }
    if (step instanceof Step.Derive derive) {
      return Optional.of(derive(outputs.get(derive.from()), derive));
    }
    return Optional.empty(); // sinks have no output
  }

  /** Computes, then renames, drops and keeps, in that order. */
  private static Table derive(Table input, Step.Derive derive) {
    Table table = input;
    if (!derive.fields().isEmpty()) {
      ApiExpression[] expressions =
          derive.fields().stream()
              .map(d -> callSql(d.expression()).as(d.name()))
              .toArray(ApiExpression[]::new);
      table = table.addOrReplaceColumns(expressions);
      // Keep every field in one of Sluice's types: INT becomes BIGINT, FLOAT DOUBLE, and so on.
      List<ApiExpression> casts = new ArrayList<>();
      for (var d : derive.fields()) {
        Column column = table.getResolvedSchema().getColumn(d.name()).orElseThrow();
        FieldType type =
            FieldTypes.fieldType(column.getDataType().getLogicalType())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Field '"
                                + d.name()
                                + "' has the type "
                                + column.getDataType()
                                + ", which Sluice cannot carry; cast it to one of "
                                + FieldType.wireNames()
                                + "."));
        if (!column
            .getDataType()
            .getLogicalType()
            .equals(FieldTypes.dataType(type).getLogicalType())) {
          casts.add($(d.name()).cast(FieldTypes.dataType(type)).as(d.name()));
        }
      }
      if (!casts.isEmpty()) {
        table = table.addOrReplaceColumns(casts.toArray(ApiExpression[]::new));
      }
    }
    for (Step.Rename rename : derive.renames()) {
      requireField(table, rename.from(), "rename");
      table = table.renameColumns($(rename.from()).as(rename.to()));
    }
    for (String field : derive.drop()) {
      requireField(table, field, "drop");
      table = table.dropColumns($(field));
    }
    if (!derive.keep().isEmpty()) {
      for (String field : derive.keep()) {
        requireField(table, field, "keep");
      }
      table = table.select(derive.keep().stream().map(f -> $(f)).toArray(ApiExpression[]::new));
    }
    return table;
  }

  /** A rename, drop or keep names a field that is not there. */
  private static final class MissingFieldException extends IllegalArgumentException {
    private final String configField;

    MissingFieldException(String configField, String message) {
      super(message);
      this.configField = configField;
    }
  }

  private static void requireField(Table table, String field, String action) {
    if (table.getResolvedSchema().getColumn(field).isEmpty()) {
      throw new MissingFieldException(
          action,
          "Cannot "
              + action
              + " '"
              + field
              + "': the fields here are "
              + table.getResolvedSchema().getColumnNames()
              + ".");
    }
  }

  private static boolean isSource(Step step) {
    return step instanceof Step.GeneratorSource
        || step instanceof Step.FileDirectorySource
        || step instanceof Step.S3Source
        || step instanceof Step.KafkaSource
        || step instanceof Step.PostgresIncrementalSource
        || step instanceof Step.PostgresCdcSource
        || step instanceof Step.LogTailSource;
  }

  private static DataStream<Row> source(
      StreamExecutionEnvironment env,
      Step step,
      List<DataStream<BadRecord>> badRecords,
      String pipelineKey) {
    if (step instanceof Step.PostgresIncrementalSource pi) {
      return split(
          env.fromSource(
                  new PostgresIncrementalSource(pi.settings()),
                  WatermarkStrategy.noWatermarks(),
                  pi.id().value())
              .uid(pi.uid("source")),
          pi.id().value(),
          pi.onError(),
          badRecords);
    }
    if (step instanceof Step.PostgresCdcSource c) {
      String slot = ReplicationSlots.slotName(pipelineKey, c.id().value());
      CdcSettings settings =
          new CdcSettings(
              c.jdbcUrl(),
              c.user(),
              c.password(),
              c.table(),
              c.fields(),
              c.opField(),
              slot,
              c.publication() != null ? c.publication() : slot,
              c.snapshot());
      return split(
          env.fromSource(
                  new PostgresCdcSource(settings), WatermarkStrategy.noWatermarks(), c.id().value())
              .uid(c.uid("source")),
          c.id().value(),
          c.onError(),
          badRecords);
    }
    if (step instanceof Step.KafkaSource k) {
      KafkaSourceSettings settings = k.settings();
      if (settings.groupId() == null) {
        settings = settings.withGroupId("sluice-" + pipelineKey + "-" + k.id().value());
      }
      SingleOutputStreamOperator<Row> rows =
          SplitBadRecords.apply(
              env.fromSource(
                      KafkaSources.create(settings),
                      WatermarkStrategy.noWatermarks(),
                      k.id().value())
                  .uid(k.uid("source")),
              k.id().value(),
              SplitBadRecords.OnError.valueOf(k.onError().name()));
      badRecords.add(rows.getSideOutput(SplitBadRecords.BAD_RECORDS));
      return rows;
    }
    if (step instanceof Step.S3Source s3) {
      S3Source source = new S3Source(s3Settings(s3));
      SingleOutputStreamOperator<Row> rows =
          SplitBadRecords.apply(
              env.fromSource(source, WatermarkStrategy.noWatermarks(), s3.id().value())
                  .uid(s3.uid("source")),
              s3.id().value(),
              SplitBadRecords.OnError.valueOf(s3.onError().name()));
      badRecords.add(rows.getSideOutput(SplitBadRecords.BAD_RECORDS));
      return rows;
    }
    if (step instanceof Step.LogTailSource l) {
      // With an event-time field the source stamps each event with it; the watermark trails the
      // newest by the node's delay, so windows downstream close by the log's own clock.
      WatermarkStrategy<Either<Row, BadRecord>> watermarks =
          l.settings().timestampField() == null
              ? WatermarkStrategy.noWatermarks()
              : WatermarkStrategy.forBoundedOutOfOrderness(l.watermarkDelay());
      SingleOutputStreamOperator<Row> rows =
          SplitBadRecords.apply(
              env.fromSource(new LogTailSource(l.settings()), watermarks, l.id().value())
                  // One reader follows the directory; more would sit idle without watermarks
                  // and hold back event-time windows downstream.
                  .setParallelism(1)
                  .uid(l.uid("source")),
              l.id().value(),
              SplitBadRecords.OnError.valueOf(l.onError().name()));
      badRecords.add(rows.getSideOutput(SplitBadRecords.BAD_RECORDS));
      return rows;
    }
    if (step instanceof Step.GeneratorSource g) {
      GeneratorSource.Builder builder =
          GeneratorSource.builder().seed(g.seed()).recordsPerSecond(g.recordsPerSecond());
      g.count().ifPresent(builder::count);
      g.schema()
          .ifPresent(
              s ->
                  builder.fields(
                      s.fields().stream()
                          .map(x -> x.name() + ": " + x.type().wireName())
                          .toList()));
      return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), g.id().value())
          .uid(g.uid("source"));
    }
    Step.FileDirectorySource f = (Step.FileDirectorySource) step;
    FileDirectorySource source = new FileDirectorySource(fileSettings(f));
    SingleOutputStreamOperator<Row> rows =
        SplitBadRecords.apply(
            env.fromSource(source, WatermarkStrategy.noWatermarks(), f.id().value())
                .uid(f.uid("source")),
            f.id().value(),
            SplitBadRecords.OnError.valueOf(f.onError().name()));
    badRecords.add(rows.getSideOutput(SplitBadRecords.BAD_RECORDS));
    return rows;
  }

  /**
   * A source of a preview: what is there now, at most the preview's limit, and nothing of the
   * pipeline's progress read or written (no consumer group, no replication slot).
   */
  private static DataStream<Row> previewSource(
      StreamExecutionEnvironment env,
      Step step,
      Preview preview,
      List<DataStream<BadRecord>> badRecords,
      String pipelineKey) {
    String node = step.id().value();
    if (step instanceof Step.KafkaSource k) {
      return split(
          env.fromSource(
                  PreviewSources.kafka(k.settings(), preview.limit()),
                  WatermarkStrategy.noWatermarks(),
                  node)
              .uid(k.uid("source")),
          node,
          k.onError(),
          badRecords);
    }
    if (step instanceof Step.S3Source s3) {
      return split(
          env.fromSource(
                  PreviewSources.s3(s3Settings(s3), preview.limit()),
                  WatermarkStrategy.noWatermarks(),
                  node)
              .uid(s3.uid("source")),
          node,
          s3.onError(),
          badRecords);
    }
    if (step instanceof Step.LogTailSource l) {
      WatermarkStrategy<Either<Row, BadRecord>> watermarks =
          l.settings().timestampField() == null
              ? WatermarkStrategy.noWatermarks()
              : WatermarkStrategy.forBoundedOutOfOrderness(l.watermarkDelay());
      return split(
          env.fromSource(PreviewSources.logTail(l.settings(), preview.limit()), watermarks, node)
              .setParallelism(1)
              .uid(l.uid("source")),
          node,
          l.onError(),
          badRecords);
    }
    if (step instanceof Step.PostgresIncrementalSource || step instanceof Step.PostgresCdcSource) {
      List<Either<Row, BadRecord>> rows = preview.tableRows().getOrDefault(step.id(), List.of());
      Step.OnError onError =
          step instanceof Step.PostgresCdcSource c
              ? c.onError()
              : ((Step.PostgresIncrementalSource) step).onError();
      return split(
          rowsOf(
              env,
              node,
              rows.subList(0, Math.min(rows.size(), preview.limit())),
              sourceSchema(step)),
          node,
          onError,
          badRecords);
    }
    return source(env, step, badRecords, pipelineKey);
  }

  /** Rows read before the job, as a bounded stream like a source's output. */
  private static DataStream<Either<Row, BadRecord>> rowsOf(
      StreamExecutionEnvironment env,
      String nodeId,
      List<Either<Row, BadRecord>> rows,
      RecordSchema schema) {
    org.apache.flink.api.common.typeinfo.TypeInformation<Either<Row, BadRecord>> type =
        FileDirectorySource.outputType(schema);
    if (rows.isEmpty()) {
      // Flink's fromData fails at run time on an empty collection.
      return env.fromSequence(0, 0)
          .uid("node/" + nodeId + "/sample-none")
          .filter(n -> false)
          .uid("node/" + nodeId + "/sample-none-filter")
          .map(n -> (Either<Row, BadRecord>) null, type)
          .uid("node/" + nodeId + "/sample");
    }
    return env.fromData(rows, type).uid("node/" + nodeId + "/sample").name("Sample: " + nodeId);
  }

  /** A source's rows; its bad records go by {@code onError}. */
  private static DataStream<Row> split(
      DataStream<Either<Row, BadRecord>> read,
      String nodeId,
      Step.OnError onError,
      List<DataStream<BadRecord>> badRecords) {
    SingleOutputStreamOperator<Row> rows =
        SplitBadRecords.apply(read, nodeId, SplitBadRecords.OnError.valueOf(onError.name()));
    badRecords.add(rows.getSideOutput(SplitBadRecords.BAD_RECORDS));
    return rows;
  }

  /** How a filter's or derive's dead letters are read: JSON objects of its input's fields. */
  private static FileDirectorySourceSettings jsonOf(RecordSchema schema) {
    return new FileDirectorySourceSettings(
        Path.of("."),
        "*",
        false,
        java.time.Duration.ofSeconds(1),
        FileFormat.JSON_LINES,
        null,
        schema,
        true,
        null);
  }

  /**
   * The error policy of a sql node: its reasons name the query (its start, for a long one), its
   * dead letters the tables it reads.
   */
  static ExpressionGuard.Policy policy(Step.Sql sql, List<PortRef> inputs) {
    String query = sql.query().replaceAll("\\s+", " ").strip();
    if (query.length() > 120) {
      query = query.substring(0, 119) + "…";
    }
    return new ExpressionGuard.Policy(
        sql.id().value(),
        inputs.stream().map(TransformCompiler::tableName).collect(Collectors.joining(", ")),
        query,
        sql.onError());
  }

  /** The error policy of a filter, derive or route, with what its reasons name. */
  static ExpressionGuard.Policy policy(Step step) {
    String from = step.input().orElseThrow().value();
    if (step instanceof Step.Route route) {
      return new ExpressionGuard.Policy(
          route.id().value(),
          from,
          route.branches().stream()
              .map(b -> b.port() + ": " + b.condition())
              .collect(Collectors.joining("; ")),
          route.onError());
    }
    if (step instanceof Step.Filter filter) {
      return new ExpressionGuard.Policy(
          filter.id().value(), from, filter.condition(), filter.onError());
    }
    Step.Derive derive = (Step.Derive) step;
    String describe =
        derive.fields().stream()
            .map(d -> d.name() + " = " + d.expression())
            .collect(Collectors.joining("; "));
    return new ExpressionGuard.Policy(
        derive.id().value(),
        from,
        describe.isEmpty() ? "Shaping the record" : describe,
        derive.onError());
  }

  /** The fields a source declares (file, Kafka) or always has (generator). */
  private static RecordSchema sourceSchema(Step step) {
    if (step instanceof Step.FileDirectorySource f) {
      return f.schema();
    }
    if (step instanceof Step.KafkaSource k) {
      return k.settings().outputSchema();
    }
    if (step instanceof Step.S3Source s) {
      return s.schema();
    }
    if (step instanceof Step.PostgresIncrementalSource pi) {
      return pi.settings().schema();
    }
    if (step instanceof Step.PostgresCdcSource c) {
      return c.schema();
    }
    if (step instanceof Step.LogTailSource l) {
      return l.settings().schema();
    }
    return ((Step.GeneratorSource) step).schema().orElse(GENERATOR_SCHEMA);
  }

  private static final RecordSchema GENERATOR_SCHEMA =
      new RecordSchema(
          List.of(
              new Field("id", FieldType.LONG),
              new Field("name", FieldType.STRING),
              new Field("amount", FieldType.DOUBLE),
              new Field("ts", FieldType.TIMESTAMP)));

  /** The main output port of a step. */
  private static PortRef out(Step step) {
    return new PortRef(step.id(), PortName.OUT);
  }

  private static DataStream<Row> emptySource(StreamExecutionEnvironment env, Step step) {
    RowTypeInfo type =
        step instanceof Step.GeneratorSource g && g.schema().isEmpty()
            ? (RowTypeInfo) GeneratedRecords.rowType()
            : FileDirectorySource.rowType(sourceSchema(step));
    return env.fromData(List.<Row>of(), type);
  }

  static FileDirectorySourceSettings fileSettings(Step.FileDirectorySource f) {
    CsvOptions csv =
        new CsvOptions(
            f.csvHeader(),
            f.csvDelimiter(),
            f.csvQuote(),
            f.csvEscape().orElse(null),
            f.csvNullString(),
            f.charset());
    return new FileDirectorySourceSettings(
        Path.of(f.path()),
        f.pattern(),
        f.recursive(),
        f.discoveryInterval(),
        f.format() == Step.FileDirectorySource.Format.JSON_LINES
            ? FileFormat.JSON_LINES
            : FileFormat.CSV,
        csv,
        f.schema(),
        false);
  }

  /** An S3 source: the prefix's objects, read as the file settings say. */
  static S3SourceSettings s3Settings(Step.S3Source s) {
    FileDirectorySourceSettings files = fileSettings(s.files());
    return new S3SourceSettings(
        s.connection(),
        s.prefix(),
        files.glob(),
        files.discoveryInterval(),
        files.format(),
        files.csv(),
        files.schema(),
        false,
        s.lateObjectGrace());
  }

  private static S3SinkSettings s3Sink(Step.S3Sink sink, RecordSchema schema) {
    return new S3SinkSettings(
        sink.connection(),
        sink.prefix(),
        sink.filePrefix(),
        sink.format() == Step.FileDirectorySource.Format.JSON_LINES
            ? FileFormat.JSON_LINES
            : FileFormat.CSV,
        sink.csvDelimiter(),
        schema.names(),
        S3SinkSettings.DEFAULT_PART_SIZE,
        S3SinkSettings.DEFAULT_MAX_FILE_SIZE);
  }

  /** The transactional ids start with the pipeline key and node id: stable across restarts. */
  private static KafkaSinkSettings kafkaSink(
      Step.KafkaSink sink, RecordSchema schema, String pipelineKey) {
    return new KafkaSinkSettings(
        sink.bootstrapServers(),
        sink.topic(),
        sink.format(),
        sink.csvDelimiter(),
        schema.fields(),
        sink.keyField().orElse(null),
        sink.headerFields(),
        sink.exactlyOnce(),
        pipelineKey + "." + sink.id().value(),
        sink.transactionTimeout(),
        sink.properties());
  }

  private static PostgresSinkSettings postgres(
      Step.PostgresSink sink, RecordSchema schema, String pipelineKey) {
    return new PostgresSinkSettings(
        sink.jdbcUrl(),
        sink.user(),
        sink.password(),
        sink.table(),
        sink.mode() == Step.PostgresSink.Mode.UPSERT
            ? PostgresSinkSettings.Mode.UPSERT
            : PostgresSinkSettings.Mode.APPEND,
        sink.keyFields(),
        sink.createTable(),
        schema,
        pipelineKey + "." + sink.id().value());
  }

  private static String keyOf(Row row, int[] keys) {
    StringBuilder key = new StringBuilder();
    for (int index : keys) {
      key.append(row.getField(index)).append('\u0000');
    }
    return key.toString();
  }

  /** The catalog's table, or the user's PostgreSQL table (created if missing). */
  private static PostgresSinkSettings deadLetterSettings(
      DeadLetterTarget target, DeadLetter catalog, String pipelineKey) {
    if (target instanceof DeadLetterTarget.Postgres pg) {
      return new PostgresSinkSettings(
          pg.jdbcUrl(),
          pg.user(),
          pg.password(),
          pg.table(),
          PostgresSinkSettings.Mode.APPEND,
          List.of(),
          true,
          DeadLetter.SCHEMA,
          pipelineKey + ".dead-letter");
    }
    return new PostgresSinkSettings(
        catalog.jdbcUrl(),
        catalog.user(),
        catalog.password(),
        catalog.table(),
        PostgresSinkSettings.Mode.APPEND,
        List.of(),
        false,
        DeadLetter.SCHEMA,
        pipelineKey + ".dead-letter");
  }

  private static Row deadLetterRow(String pipelineKey, BadRecord bad) {
    return Row.of(pipelineKey, bad.nodeId(), bad.source(), bad.raw(), bad.reason());
  }

  static RecordSchema schemaOf(Table table) {
    List<Field> fields = new ArrayList<>();
    for (Column column : table.getResolvedSchema().getColumns()) {
      FieldType type =
          FieldTypes.fieldType(column.getDataType().getLogicalType())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Field '"
                              + column.getName()
                              + "' has the unsupported type "
                              + column.getDataType()));
      fields.add(new Field(column.getName(), type));
    }
    return new RecordSchema(fields);
  }

  /** One subtask, no checkpoints, no restarts: a preview's job fails at its first error. */
  private static void configurePreview(StreamExecutionEnvironment env) {
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    Configuration restart = new Configuration();
    restart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    env.configure(restart);
  }

  private static void configure(StreamExecutionEnvironment env, Settings settings) {
    env.setParallelism(settings.parallelism());
    // Chained operators hand records over without a deep copy (Flink copies each Row with its
    // serializer at every chained step otherwise: a third of the task thread's time in the copy
    // benchmark). Safe because no Sluice operator changes a record after emitting it or keeps one
    // after handing it on: sources build a new Row per record, SplitBadRecords passes it on as is,
    // sinks encode it at once, and Flink's table operators are written for object reuse.
    env.getConfig().enableObjectReuse();
    env.enableCheckpointing(
        settings.checkpointInterval().toMillis(),
        settings.deliveryGuarantee() == DeliveryGuarantee.AT_LEAST_ONCE
            ? CheckpointingMode.AT_LEAST_ONCE
            : CheckpointingMode.EXACTLY_ONCE);
    Configuration restart = new Configuration();
    RestartPolicy policy = settings.restartPolicy();
    if (policy instanceof RestartPolicy.None) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    } else if (policy instanceof RestartPolicy.FixedDelay fixed) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, fixed.attempts());
      restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, fixed.delay());
    } else if (policy instanceof RestartPolicy.ExponentialDelay exp) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
      restart.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
          exp.initialDelay());
      restart.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, exp.maxDelay());
      restart.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
          exp.multiplier());
      restart.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, exp.maxAttempts());
    }
    env.configure(restart);
  }

  private static String fieldOf(Step step) {
    if (step instanceof Step.Filter) {
      return "config.condition";
    }
    if (step instanceof Step.Route) {
      return "config.routes";
    }
    if (step instanceof Step.Sql) {
      return "config.query";
    }
    if (step instanceof Step.Pattern) {
      return "config.steps";
    }
    if (step instanceof Step.Derive) {
      return "config.fields";
    }
    return null;
  }

  /** The planner's message without its Java exception prefixes and stack-trace noise. */
  static String plannerMessage(Throwable e) {
    Throwable deepest = e;
    String best = e.getMessage();
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
      if (deepest.getMessage() != null && !deepest.getMessage().isBlank()) {
        best = deepest.getMessage();
      }
    }
    if (best == null) {
      return e.getClass().getSimpleName();
    }
    String message = best.replaceAll("(?s)\\n\\s*at .*", "").strip();
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }
}
