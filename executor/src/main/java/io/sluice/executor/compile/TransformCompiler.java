package io.sluice.executor.compile;

import static org.apache.flink.table.api.Expressions.callSql;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.executor.compile.guard.ExpressionGuard;
import io.sluice.executor.compile.transform.FieldProblem;
import io.sluice.executor.compile.transform.Joins;
import io.sluice.executor.compile.transform.Patterns;
import io.sluice.executor.compile.transform.Transforms;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.Step;
import io.sluice.executor.plan.Uids;
import io.sluice.model.document.PortRef;
import io.sluice.model.id.PortName;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.RecordSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.Row;

/**
 * Compiles and checks the window-aggregate, deduplicate, union, route, sql, lookup-join,
 * interval-join and pattern steps, for {@link JobCompiler}: their streams by output port for a run,
 * their output tables for the check.
 */
final class TransformCompiler {
  private TransformCompiler() {}

  static boolean handles(Step step) {
    return step instanceof Step.WindowAggregate
        || step instanceof Step.Deduplicate
        || step instanceof Step.Union
        || step instanceof Step.Route
        || step instanceof Step.Sql
        || step instanceof Step.LookupJoin
        || step instanceof Step.IntervalJoin
        || step instanceof Step.Pattern;
  }

  /** Adds the step's output streams and fields, by port, to {@code streams} and {@code schemas}. */
  static void compile(
      ExecutionPlan plan,
      Step step,
      StreamTableEnvironment tables,
      Map<PortRef, DataStream<Row>> streams,
      Map<PortRef, RecordSchema> schemas,
      List<DataStream<BadRecord>> badRecords) {
    List<PortRef> inputs = plan.inputsOf(step.id());
    PortRef first = inputs.get(0);
    Transforms.Compiled compiled;
    Map<PortName, RecordSchema> fields = new LinkedHashMap<>();
    if (step instanceof Step.WindowAggregate w) {
      RecordSchema in = schemas.get(first);
      compiled = Transforms.window(streams.get(first), in, w, first.node().value());
      fields.put(PortName.OUT, Transforms.windowSchema(w, in));
    } else if (step instanceof Step.Deduplicate d) {
      RecordSchema in = schemas.get(first);
      compiled = Transforms.dedupe(streams.get(first), in, d, first.node().value());
      fields.put(PortName.OUT, in);
    } else if (step instanceof Step.Union u) {
      RecordSchema schema =
          Transforms.unionSchema(inputs, inputs.stream().map(schemas::get).toList());
      compiled = Transforms.union(u, inputs.stream().map(streams::get).toList(), schema);
      fields.put(PortName.OUT, schema);
    } else if (step instanceof Step.Route r) {
      RecordSchema in = schemas.get(first);
      DataStream<Row> input = streams.get(first);
      Table indexed = routeTable(tables.fromDataStream(input), r);
      ExpressionGuard.Guarded guarded =
          ExpressionGuard.apply(tables.toDataStream(indexed), input, JobCompiler.policy(r));
      badRecords.addAll(guarded.badRecords());
      compiled = Transforms.split(r, guarded.rows(), in);
      compiled.outputs().keySet().forEach(port -> fields.put(port, in));
    } else if (step instanceof Step.LookupJoin j) {
      RecordSchema in = schemas.get(first);
      compiled = Joins.lookupJoin(j, streams.get(first), in);
      fields.put(PortName.OUT, Joins.lookupJoinSchema(j, in));
    } else if (step instanceof Step.IntervalJoin j) {
      PortRef left = port(plan, j, TransformNodeTypes.LEFT_PORT);
      PortRef right = port(plan, j, TransformNodeTypes.RIGHT_PORT);
      compiled =
          Joins.intervalJoin(
              j,
              streams.get(left),
              schemas.get(left),
              left.node().value(),
              streams.get(right),
              schemas.get(right),
              right.node().value());
      fields.put(PortName.OUT, Joins.intervalJoinSchema(j, schemas.get(left), schemas.get(right)));
    } else if (step instanceof Step.Pattern p) {
      RecordSchema in = schemas.get(first);
      Patterns.checkFields(p, in);
      List<DataStream<BadRecord>> bad = new ArrayList<>();
      DataStream<Row> timed =
          Patterns.dropLate(
              Patterns.eventTime(streams.get(first), in, p, first.node().value(), bad),
              p,
              first.node().value(),
              in,
              bad);
      Table result = patternTable(tables, p, tables.fromDataStream(timed, rowtime()));
      DataStream<Row> rows = tables.toDataStream(result);
      giveUids(rows.getTransformation(), Set.of(timed.getTransformation()), p);
      RecordSchema schema = JobCompiler.schemaOf(result);
      if (!rows.getType().equals(FileDirectorySource.rowType(schema))) {
        rows = rows.map(row -> row, FileDirectorySource.rowType(schema));
        rows.getTransformation().setUid(p.uid("rows"));
      }
      compiled = new Transforms.Compiled(Map.of(PortName.OUT, rows), bad);
      fields.put(PortName.OUT, schema);
    } else {
      Step.Sql q = (Step.Sql) step;
      Set<Transformation<?>> upstream = new HashSet<>();
      for (PortRef input : inputs) {
        DataStream<Row> stream = streams.get(input);
        upstream.add(stream.getTransformation());
        register(tables, input, tables.fromDataStream(stream));
      }
      Table result = tables.sqlQuery(q.query());
      DataStream<Row> rows = tables.toDataStream(result);
      giveUids(rows.getTransformation(), upstream, q);
      List<DataStream<BadRecord>> bad = List.of();
      if (q.onError() != Step.OnError.FAIL) {
        // With fail, the planner's own operators run as they always did.
        ExpressionGuard.Guarded guarded =
            ExpressionGuard.applyToQuery(rows, upstream, JobCompiler.policy(q, inputs));
        bad = guarded.badRecords();
      }
      RecordSchema schema = JobCompiler.schemaOf(result);
      if (!rows.getType().equals(FileDirectorySource.rowType(schema))) {
        rows = rows.map(row -> row, FileDirectorySource.rowType(schema));
        rows.getTransformation().setUid(q.uid("rows"));
      }
      compiled = new Transforms.Compiled(Map.of(PortName.OUT, rows), bad);
      fields.put(PortName.OUT, schema);
    }
    badRecords.addAll(compiled.bad());
    compiled
        .outputs()
        .forEach(
            (port, stream) -> {
              PortRef ref = new PortRef(step.id(), port);
              streams.put(ref, stream);
              schemas.put(ref, fields.get(port));
            });
  }

  /**
   * The step's output tables by port, computed on empty inputs; throws {@link FieldProblem} or the
   * planner's exception for a config that does not fit its inputs.
   */
  static Map<PortRef, Table> analyze(
      ExecutionPlan plan,
      Step step,
      StreamExecutionEnvironment env,
      StreamTableEnvironment tables,
      Map<PortRef, Table> outputs) {
    List<PortRef> inputs = plan.inputsOf(step.id());
    Table first = outputs.get(inputs.get(0));
    Map<PortRef, Table> out = new LinkedHashMap<>();
    PortRef main = new PortRef(step.id(), PortName.OUT);
    if (step instanceof Step.WindowAggregate w) {
      RecordSchema schema = Transforms.windowSchema(w, JobCompiler.schemaOf(first));
      out.put(
          main,
          tables.fromDataStream(env.fromData(List.<Row>of(), FileDirectorySource.rowType(schema))));
    } else if (step instanceof Step.Deduplicate d) {
      Transforms.dedupeSchema(d, JobCompiler.schemaOf(first));
      out.put(main, first);
    } else if (step instanceof Step.Union) {
      Transforms.unionSchema(
          inputs, inputs.stream().map(p -> JobCompiler.schemaOf(outputs.get(p))).toList());
      out.put(main, first);
    } else if (step instanceof Step.Route r) {
      for (int i = 0; i < r.branches().size(); i++) {
        var branch = r.branches().get(i);
        var type =
            first
                .select(callSql(branch.condition()).as("c"))
                .getResolvedSchema()
                .getColumnDataTypes()
                .get(0)
                .getLogicalType();
        if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
          throw new FieldProblem(
              "config.routes",
              ProblemCodes.INVALID_CONFIG,
              "Entry "
                  + (i + 1)
                  + " ("
                  + branch.port()
                  + "): the condition is a "
                  + type.asSummaryString()
                  + ", not true or false.");
        }
      }
      routeTable(first, r); // the branch index expression type-checks as a whole
      for (var branch : r.branches()) {
        out.put(new PortRef(step.id(), branch.port()), first);
      }
      out.put(
          new PortRef(step.id(), io.sluice.model.nodetype.TransformNodeTypes.DEFAULT_PORT), first);
    } else if (step instanceof Step.LookupJoin j) {
      out.put(main, empty(env, tables, Joins.lookupJoinSchema(j, JobCompiler.schemaOf(first))));
    } else if (step instanceof Step.IntervalJoin j) {
      RecordSchema left =
          JobCompiler.schemaOf(outputs.get(port(plan, j, TransformNodeTypes.LEFT_PORT)));
      RecordSchema right =
          JobCompiler.schemaOf(outputs.get(port(plan, j, TransformNodeTypes.RIGHT_PORT)));
      out.put(main, empty(env, tables, Joins.intervalJoinSchema(j, left, right)));
    } else if (step instanceof Step.Pattern p) {
      RecordSchema in = JobCompiler.schemaOf(first);
      Patterns.checkFields(p, in);
      Table input =
          tables.fromDataStream(
              env.fromData(List.<Row>of(), FileDirectorySource.rowType(in)), rowtime());
      for (int i = 0; i < p.steps().size(); i++) {
        var s = p.steps().get(i);
        LogicalType type;
        try {
          type =
              first
                  .select(callSql(s.condition()).as("c"))
                  .getResolvedSchema()
                  .getColumnDataTypes()
                  .get(0)
                  .getLogicalType();
        } catch (RuntimeException e) {
          throw new FieldProblem(
              "config.steps",
              "invalid-expression",
              "Entry " + (i + 1) + " (" + s.name() + "): " + JobCompiler.plannerMessage(e));
        }
        if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
          throw new FieldProblem(
              "config.steps",
              ProblemCodes.INVALID_CONFIG,
              "Entry "
                  + (i + 1)
                  + " ("
                  + s.name()
                  + "): the condition is a "
                  + type.asSummaryString()
                  + ", not true or false.");
        }
      }
      Table result;
      try {
        result = patternTable(tables, p, input);
        tables.toDataStream(result);
      } catch (RuntimeException e) {
        throw new FieldProblem("config.steps", "invalid-expression", JobCompiler.plannerMessage(e));
      }
      out.put(main, result);
    } else {
      Step.Sql q = (Step.Sql) step;
      for (PortRef input : inputs) {
        register(tables, input, outputs.get(input));
      }
      Table result = tables.sqlQuery(q.query());
      try {
        tables.toDataStream(result);
      } catch (RuntimeException e) {
        String message = JobCompiler.plannerMessage(e);
        if (message.contains("update")) {
          throw new FieldProblem(
              "config.query",
              "invalid-expression",
              "The query changes results it has already produced (an aggregation or join without"
                  + " a time bound); a sql node must produce each result once. Use a"
                  + " window-aggregate node for aggregates over time. ("
                  + message
                  + ")");
        }
        throw e;
      }
      out.put(main, result);
    }
    return out;
  }

  private static PortRef port(ExecutionPlan plan, Step step, PortName port) {
    return plan.edges().stream()
        .filter(e -> e.to().node().equals(step.id()) && e.to().port().equals(port))
        .map(e -> e.from())
        .findFirst()
        .orElseThrow();
  }

  private static Table empty(
      StreamExecutionEnvironment env, StreamTableEnvironment tables, RecordSchema schema) {
    return tables.fromDataStream(env.fromData(List.<Row>of(), FileDirectorySource.rowType(schema)));
  }

  /** The input's fields and its event time (from the stream's timestamps and watermarks). */
  private static Schema rowtime() {
    return Schema.newBuilder()
        .columnByMetadata(Patterns.ROWTIME, DataTypes.TIMESTAMP_LTZ(3), "rowtime")
        .watermark(Patterns.ROWTIME, "SOURCE_WATERMARK()")
        .build();
  }

  private static Table patternTable(StreamTableEnvironment tables, Step.Pattern p, Table input) {
    String name = "__sluice_pattern_" + p.id().value().replaceAll("[^A-Za-z0-9_]", "_");
    tables.dropTemporaryView(name);
    tables.createTemporaryView(name, input);
    return tables.sqlQuery(Patterns.query(p, name));
  }

  /** The table a sql query reads for {@code input}: the node id, or {@code <node>_<port>}. */
  static String tableName(PortRef input) {
    return input.port().equals(PortName.OUT)
        ? input.node().value()
        : input.node().value() + "_" + input.port().value();
  }

  private static void register(StreamTableEnvironment tables, PortRef input, Table table) {
    String name = tableName(input);
    tables.dropTemporaryView(name);
    tables.createTemporaryView(name, table);
  }

  private static Table routeTable(Table input, Step.Route route) {
    return input.addColumns(
        callSql(Transforms.routeIndexExpression(route)).as(Transforms.ROUTE_COLUMN));
  }

  /**
   * Gives the planner's operators of a sql node uids {@code node/<id>/sql-<n>}, numbered from the
   * output back towards the inputs in a fixed order, so that a stateful query (a join, a
   * deduplication by ROW_NUMBER) finds its state again in a new version of the pipeline as long as
   * the query and its inputs stay the same.
   */
  private static void giveUids(Transformation<?> out, Set<Transformation<?>> upstream, Step step) {
    List<Transformation<?>> seen = new ArrayList<>();
    var todo = new ArrayDeque<Transformation<?>>();
    todo.add(out);
    while (!todo.isEmpty()) {
      Transformation<?> at = todo.poll();
      if (upstream.contains(at) || seen.contains(at)) {
        continue;
      }
      seen.add(at);
      todo.addAll(at.getInputs());
    }
    int n = 0;
    for (Transformation<?> t : seen) {
      n++;
      if (t.getUid() == null) {
        t.setUid(Uids.of(step.id().value(), "sql-" + n));
      }
    }
  }
}
