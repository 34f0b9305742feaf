package io.sluice.executor.metrics;

import io.sluice.connectors.file.enumerator.FileDirectoryEnumerator;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.Step;
import io.sluice.model.id.NodeId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a job's {@link FlinkMetrics} back to the nodes of the pipeline it runs. Pure: no Flink
 * runtime, unit-tested on hand-made metrics.
 *
 * <p>How an operator is recognised (the names {@code JobCompiler} gives; Flink cuts operator names
 * in metrics to 80 characters, which leaves the node id at the front):
 *
 * <ul>
 *   <li>{@code Source: <node>}: a source node reading;
 *   <li>{@code <node> bad records}: a file source splitting readable records from bad ones (its
 *       counter {@code badRecords});
 *   <li>{@code <node> → …: Writer}: a sink node writing ({@code …: Committer} is not counted);
 *   <li>{@code dead-letter → …: Writer}: the pipeline's dead-letter sink.
 * </ul>
 *
 * <p>Sources are found by their uid ({@code node/<id>/source}, through {@link OperatorIds}) and
 * else by name. A filter or derive compiled to operators of its own with uids {@code
 * node/<id>/<role>} is counted from them: what enters the first, what leaves the last. Otherwise
 * they are SQL that Flink's planner fuses into one operator with other steps ({@code Calc[n]}), and
 * their counts follow from the graph: what enters a node is what left its input; a derive passes on
 * what it receives; a filter passes on what the next node with a measured input (a sink, through
 * any derives) took in. Where no such node follows, the filter's output is unknown (null).
 *
 * <pre>{@code
 * RunMetrics m = NodeMetricsMapper.map(plan, flinkMetrics);
 * }</pre>
 */
public final class NodeMetricsMapper {

  private static final String WRITER = ": Writer";
  private static final String SOURCE = "Source: ";
  private static final String BAD_RECORDS = " bad records";
  private static final String SINK_ARROW = " → ";
  private static final String DEAD_LETTER = "dead-letter";

  /** The standard source metric (FLIP-33) Flink's KafkaSource reports its lag in. */
  static final String PENDING_RECORDS = "pendingRecords";

  private NodeMetricsMapper() {}

  /** The node and run metrics of {@code plan} in the values of {@code flink}. */
  public static RunMetrics map(ExecutionPlan plan, FlinkMetrics flink) {
    Map<String, Map<String, Double>> operators = sumBySubtask(flink.operators());
    Map<String, Map<String, Double>> byId = sumById(flink.operators());
    Map<NodeId, Flow> measuredOut = new HashMap<>();
    Map<NodeId, Flow> measuredIn = new HashMap<>();
    Map<NodeId, NodeMetrics> result = new HashMap<>();
    for (Step step : plan.steps()) {
      String id = step.id().value();
      if (isSource(step)) {
        Map<String, Double> source =
            byId.getOrDefault(
                OperatorIds.of(step.uid("source")), operators.getOrDefault(SOURCE + id, Map.of()));
        measuredIn.put(
            step.id(),
            new Flow(get(source, "numRecordsOut"), get(source, "numRecordsOutPerSecond")));
        if (files(step) != null) {
          Map<String, Double> split = operators.getOrDefault(id + BAD_RECORDS, Map.of());
          measuredOut.put(
              step.id(),
              new Flow(get(split, "numRecordsOut"), get(split, "numRecordsOutPerSecond")));
        } else {
          measuredOut.put(step.id(), measuredIn.get(step.id()));
        }
      } else if (isSink(step)) {
        Map<String, Double> writer = writerOf(operators, id + SINK_ARROW);
        measuredIn.put(
            step.id(), new Flow(get(writer, "numRecordsIn"), get(writer, "numRecordsInPerSecond")));
      } else {
        List<Map<String, Double>> own = ownSqlOperators(step, byId);
        if (!own.isEmpty()) {
          // What enters the node's first operator and leaves its last one.
          measuredIn.put(
              step.id(),
              new Flow(
                  extreme(own, "numRecordsIn", true), extreme(own, "numRecordsInPerSecond", true)));
          measuredOut.put(
              step.id(),
              new Flow(
                  extreme(own, "numRecordsOut", false),
                  extreme(own, "numRecordsOutPerSecond", false)));
        }
      }
    }
    Map<NodeId, Flow> out = new HashMap<>();
    for (Step step : plan.steps()) {
      // Steps come after their input, so the input's output is known by now.
      Flow in =
          isSource(step) || measuredOut.containsKey(step.id())
              ? measuredIn.get(step.id())
              : out.getOrDefault(step.input().orElseThrow(), Flow.UNKNOWN);
      Flow passed;
      if (isSource(step) || measuredOut.containsKey(step.id())) {
        passed = measuredOut.get(step.id());
      } else if (step instanceof Step.Derive) {
        passed = in;
      } else if (step instanceof Step.Filter) {
        passed = inBelow(plan, step.id(), measuredIn);
      } else {
        passed = Flow.UNKNOWN; // sinks pass nothing on
      }
      out.put(step.id(), passed);
      if (isSink(step)) {
        // Both sinks' writers count what they write (numRecordsSend): Flink's file sink, and the
        // PostgreSQL sink as it copies each record into its open transaction.
        Map<String, Double> writer = writerOf(operators, step.id().value() + SINK_ARROW);
        passed = new Flow(get(writer, "numRecordsSend"), null);
        in = measuredIn.get(step.id());
      }
      result.put(step.id(), node(step, in, passed, operators, byId, flink.tasks()));
    }
    List<NodeMetrics> nodes = new ArrayList<>();
    plan.steps().forEach(s -> nodes.add(result.get(s.id())));
    Map<String, Double> job = flink.job();
    Map<String, Double> deadLetter = writerOf(operators, DEAD_LETTER + SINK_ARROW);
    if (deadLetter.isEmpty()) {
      deadLetter = writerOf(operators, DEAD_LETTER + WRITER);
    }
    return new RunMetrics(
        flink.at(),
        flink.jobId(),
        nodes,
        new RunMetrics.Checkpoints(
            count(job, "numberOfCompletedCheckpoints"),
            count(job, "numberOfFailedCheckpoints"),
            count(job, "numberOfInProgressCheckpoints"),
            positive(job, "lastCheckpointCompletedTimestamp")
                .map(ms -> Instant.ofEpochMilli(ms.longValue()))
                .orElse(null),
            positive(job, "lastCheckpointDuration").map(Double::longValue).orElse(null),
            positive(job, "lastCheckpointSize").map(Double::longValue).orElse(null)),
        count(job, "numRestarts"),
        positive(job, "uptime").map(Double::longValue).orElse(null),
        deadLetter.isEmpty() ? null : count(deadLetter, "numRecordsIn"));
  }

  /**
   * The roles a filter's or derive's operators may have when each SQL node is compiled to its own
   * operators with uids {@code node/<id>/<role>}: the planner's conversions to and from a table and
   * one or more generated operators.
   */
  private static final List<String> SQL_ROLES =
      List.of(
          "to-table",
          "evaluate",
          "evaluate-2",
          "evaluate-3",
          "sql-1",
          "sql-2",
          "sql-3",
          "from-table",
          // window-aggregate and deduplicate (Transforms): what enters the first, what the
          // stateful operator emits
          "event-time",
          "watermarks",
          "window",
          "dedupe",
          // lookup-join and interval-join (Joins): one operator each counts both
          "lookup",
          "join");

  private static List<Map<String, Double>> ownSqlOperators(
      Step step, Map<String, Map<String, Double>> byId) {
    List<Map<String, Double>> own = new ArrayList<>();
    for (String role : SQL_ROLES) {
      Map<String, Double> values = byId.get(OperatorIds.of(step.uid(role)));
      if (values != null) {
        own.add(values);
      }
    }
    return own;
  }

  /** The largest (or smallest) value of {@code name} among {@code operators}. */
  private static Double extreme(List<Map<String, Double>> operators, String name, boolean largest) {
    Double result = null;
    for (Map<String, Double> values : operators) {
      Double value = values.get(name);
      if (value != null) {
        result =
            result == null ? value : largest ? Math.max(result, value) : Math.min(result, value);
      }
    }
    return result;
  }

  /** Every operator's values summed over its subtasks, by operator id. */
  private static Map<String, Map<String, Double>> sumById(List<FlinkMetrics.Scoped> scoped) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (FlinkMetrics.Scoped s : scoped) {
      if (!s.id().isEmpty()) {
        Map<String, Double> sum = out.computeIfAbsent(s.id(), k -> new HashMap<>());
        s.values().forEach((k, v) -> sum.merge(k, v, Double::sum));
      }
    }
    return out;
  }

  /** Records and their rate; either may be unknown. */
  private record Flow(Double count, Double rate) {
    static final Flow UNKNOWN = new Flow(null, null);
  }

  /** What the nodes after {@code id} took in, looking through derives to a measured input. */
  private static Flow inBelow(ExecutionPlan plan, NodeId id, Map<NodeId, Flow> measuredIn) {
    for (Step consumer : plan.consumersOf(id)) {
      Flow in = measuredIn.get(consumer.id());
      if (in != null && in.count() != null) {
        return in;
      }
      if (consumer instanceof Step.Derive) {
        Flow below = inBelow(plan, consumer.id(), measuredIn);
        if (below.count() != null) {
          return below;
        }
      }
    }
    return Flow.UNKNOWN;
  }

  private static NodeMetrics node(
      Step step,
      Flow in,
      Flow out,
      Map<String, Map<String, Double>> operators,
      Map<String, Map<String, Double>> byId,
      List<FlinkMetrics.Scoped> tasks) {
    String id = step.id().value();
    List<String> own = new ArrayList<>();
    operators.keySet().stream()
        .filter(
            name ->
                name.equals(SOURCE + id)
                    || name.equals(id + BAD_RECORDS)
                    || (name.startsWith(id + SINK_ARROW) && name.endsWith(WRITER)))
        .forEach(own::add);
    Long bytesIn = null;
    Long bytesOut = null;
    for (String name : own) {
      bytesIn = max(bytesIn, count(operators.get(name), "numBytesIn"));
      bytesOut = max(bytesOut, count(operators.get(name), "numBytesOut"));
    }
    Long bad = null;
    if (files(step) != null) {
      bad = count(operators.getOrDefault(id + BAD_RECORDS, Map.of()), "badRecords");
    }
    Long deadLetter = null;
    Long skipped = null;
    Step.FileDirectorySource f = files(step);
    if (f != null && bad != null) {
      if (f.onError() == Step.FileDirectorySource.OnError.SKIP) {
        skipped = bad;
        deadLetter = 0L;
      } else {
        deadLetter = f.onError() == Step.FileDirectorySource.OnError.DEAD_LETTER ? bad : 0L;
        skipped = 0L;
      }
    }
    Long lagFiles = null;
    Long lagBytes = null;
    if (files(step) != null) {
      Map<String, Double> source = byId.getOrDefault(OperatorIds.of(step.uid("source")), Map.of());
      lagFiles = asLong(source.get(FileDirectoryEnumerator.PENDING_FILES));
      lagBytes = asLong(source.get(FileDirectoryEnumerator.PENDING_BYTES));
    }
    Long lagRecords = null;
    if (step instanceof Step.KafkaSource) {
      Map<String, Double> source = byId.getOrDefault(OperatorIds.of(step.uid("source")), Map.of());
      lagRecords = asLong(source.get(PENDING_RECORDS));
    }
    Double busy = null;
    Double backPressured = null;
    for (FlinkMetrics.Scoped task : tasks) {
      boolean mine = own.stream().anyMatch(name -> task.name().contains(name));
      if (mine) {
        busy = maxDouble(busy, task.values().get("busyTimeMsPerSecond"));
        backPressured = maxDouble(backPressured, task.values().get("backPressuredTimeMsPerSecond"));
      }
    }
    return new NodeMetrics(
        id,
        kind(step),
        asLong(in.count()),
        asLong(out.count()),
        in.rate(),
        out.rate(),
        bytesIn,
        bytesOut,
        deadLetter,
        skipped,
        busy,
        backPressured,
        lagFiles,
        lagBytes,
        lagRecords);
  }

  /** The kind of a step as the API names it. */
  public static String kind(Step step) {
    if (isSource(step)) {
      return "source";
    }
    if (step instanceof Step.Filter) {
      return "filter";
    }
    if (step instanceof Step.Derive) {
      return "derive";
    }
    if (step instanceof Step.WindowAggregate) {
      return "window-aggregate";
    }
    if (step instanceof Step.Deduplicate) {
      return "deduplicate";
    }
    if (step instanceof Step.Union) {
      return "union";
    }
    if (step instanceof Step.Route) {
      return "route";
    }
    if (step instanceof Step.LookupJoin) {
      return "lookup-join";
    }
    if (step instanceof Step.IntervalJoin) {
      return "interval-join";
    }
    if (step instanceof Step.Pattern) {
      return "pattern";
    }
    return step instanceof Step.Sql ? "sql" : "sink";
  }

  private static boolean isSource(Step step) {
    return step.input().isEmpty();
  }

  private static boolean isSink(Step step) {
    return step instanceof Step.PostgresSink
        || step instanceof Step.FileDirectorySink
        || step instanceof Step.S3Sink;
  }

  /** How a file source (a directory, or S3 objects) reads its files; null for other steps. */
  private static Step.FileDirectorySource files(Step step) {
    if (step instanceof Step.FileDirectorySource f) {
      return f;
    }
    return step instanceof Step.S3Source s ? s.files() : null;
  }

  private static Map<String, Double> writerOf(
      Map<String, Map<String, Double>> operators, String prefix) {
    for (var entry : operators.entrySet()) {
      if (entry.getKey().startsWith(prefix) && entry.getKey().endsWith(WRITER)) {
        return entry.getValue();
      }
    }
    return Map.of();
  }

  /** Every operator's values summed over its subtasks. */
  private static Map<String, Map<String, Double>> sumBySubtask(List<FlinkMetrics.Scoped> scoped) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (FlinkMetrics.Scoped s : scoped) {
      Map<String, Double> sum = out.computeIfAbsent(s.name(), k -> new HashMap<>());
      s.values().forEach((k, v) -> sum.merge(k, v, Double::sum));
    }
    return out;
  }

  private static Double get(Map<String, Double> values, String name) {
    return values.get(name);
  }

  private static Long count(Map<String, Double> values, String name) {
    return asLong(values.get(name));
  }

  /** Flink reports -1 for "not yet". */
  private static Optional<Double> positive(Map<String, Double> values, String name) {
    Double value = values.get(name);
    return value == null || value < 0 ? Optional.empty() : Optional.of(value);
  }

  private static Long asLong(Double value) {
    return value == null ? null : Math.round(value);
  }

  private static Long max(Long a, Long b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Long.valueOf(Math.max(a, b));
  }

  private static Double maxDouble(Double a, Double b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Double.valueOf(Math.max(a, b));
  }
}
