package io.sluice.executor.compile.guard;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.SplitBadRecords;
import io.sluice.executor.plan.Step;
import io.sluice.executor.plan.Uids;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.flink.table.runtime.operators.CodeGenOperatorFactory;
import org.apache.flink.types.Row;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * Applies a filter's or derive's error policy to the records its SQL fails on at run time ({@code
 * CAST('abc' AS INT)}, a division by zero), while the planner's generated code still evaluates
 * every expression.
 *
 * <p>Give it the stream {@code toDataStream} made of one node's table, and the stream that table
 * was made from. It rebuilds the planner's operators between the two, in the same order and with
 * the same factories, except that each operator the planner generated code for runs inside a {@link
 * GuardedOperator}. The planner's own, unguarded, copy is taken out of the environment.
 *
 * <pre>{@code
 * Table kept = tables.fromDataStream(input).filter(callSql("CAST(code AS INT) > 0"));
 * Guarded out = ExpressionGuard.apply(tables.toDataStream(kept), input, policy);
 * out.rows().sinkTo(sink);
 * out.badRecords().forEach(deadLetters::add);
 * }</pre>
 *
 * <p>Expects one node per translation: if the planner merged two nodes' expressions into one
 * operator, a failure could not be told apart by node.
 */
public final class ExpressionGuard {

  /**
   * What a node does with a record its expressions fail on.
   *
   * @param nodeId the node, recorded with each dead letter
   * @param source where its input comes from (the upstream node id), recorded as the dead letter's
   *     source
   * @param describe the expressions, for the reason: {@code CAST(code AS INT) > 0 failed: …}
   * @param onError the node's policy
   * @param note added to the message of a failure that ends the job (empty for none)
   */
  public record Policy(
      String nodeId, String source, String describe, Step.OnError onError, String note)
      implements Serializable {
    public Policy {
      Objects.requireNonNull(nodeId);
      Objects.requireNonNull(source);
      Objects.requireNonNull(describe);
      Objects.requireNonNull(onError);
      Objects.requireNonNull(note);
    }

    public Policy(String nodeId, String source, String describe, Step.OnError onError) {
      this(nodeId, source, describe, onError, "");
    }

    /** This policy's node, failing the job on any error, with {@code describe} and a note. */
    Policy failing(String describe, String note) {
      return new Policy(nodeId, source, describe, Step.OnError.FAIL, note);
    }
  }

  /** The node's rows, and the records it failed on when its policy is dead-letter. */
  public record Guarded(DataStream<Row> rows, List<DataStream<BadRecord>> badRecords) {
    public Guarded {
      badRecords = List.copyOf(badRecords);
    }
  }

  private ExpressionGuard() {}

  /**
   * Rebuilds the operators from {@code input} to {@code planned} with their generated code guarded.
   *
   * @throws IllegalStateException if the planner's operators between the two are not a single chain
   *     of one-input operators, which the SQL of a filter or derive always gives
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Guarded apply(DataStream<Row> planned, DataStream<Row> input, Policy policy) {
    StreamExecutionEnvironment env = planned.getExecutionEnvironment();
    List<OneInputTransformation<?, ?>> segment = segment(planned, input);
    if (segment == null) {
      // The planner proved the node's output empty (a condition such as 1 = 0) and reads nothing:
      // no expression runs per record, so there is nothing to guard.
      return new Guarded(planned, List.of());
    }
    Transformation<?> upstream = input.getTransformation();
    List<DataStream<BadRecord>> badRecords = new ArrayList<>();
    int generated = 0;
    for (int i = 0; i < segment.size(); i++) {
      OneInputTransformation<?, ?> original = segment.get(i);
      StreamOperatorFactory<?> factory = original.getOperatorFactory();
      String role;
      boolean guarded = factory instanceof CodeGenOperatorFactory;
      if (guarded) {
        generated++;
        role = generated == 1 ? "evaluate" : "evaluate-" + generated;
        factory =
            new GuardedOperatorFactory(
                factory, policy, List.of(RecordJson.of(original.getInputType())));
      } else {
        role = i == 0 ? "to-table" : i == segment.size() - 1 ? "from-table" : "sql-" + i;
      }
      OneInputTransformation<?, ?> copy =
          new OneInputTransformation(
              upstream,
              original.getName(),
              factory,
              original.getOutputType(),
              original.getParallelism(),
              original.isParallelismConfigured());
      copy.setDescription(original.getDescription());
      if (original.getMaxParallelism() > 0) {
        copy.setMaxParallelism(original.getMaxParallelism());
      }
      copy.setUid(Uids.of(policy.nodeId(), role));
      if (guarded && policy.onError() == Step.OnError.DEAD_LETTER) {
        badRecords.add(
            new DataStream<>(
                env, new SideOutputTransformation<>(copy, SplitBadRecords.BAD_RECORDS)));
      }
      upstream = copy;
    }
    // toDataStream registered the unguarded operators as a job output; only the copy may run.
    if (!env.getTransformations().remove(planned.getTransformation())) {
      throw new IllegalStateException("toDataStream did not register " + planned);
    }
    return new Guarded(new DataStream<>(env, (Transformation<Row>) upstream), badRecords);
  }

  /**
   * Guards the per-record expressions of a sql node's query: every operator between the query's
   * inputs and {@code planned} whose code the planner generated to evaluate a SELECT list or a
   * WHERE condition (a Calc), wherever it stands in the query's graph: before a join (the join's
   * computed keys, a condition on one side only), before an aggregation or a window (the
   * aggregates' arguments), after them. What the planner evaluates inside other operators cannot
   * follow the policy: a join's condition over both sides, a table function's arguments ({@code
   * UNNEST}), an aggregate function. Those operators hold state or emit several records per input,
   * so a failed record could not be taken out cleanly. A join or a generated operator other than a
   * Calc is wrapped so that a failure inside it ends the job with a message naming the node, what
   * failed and the record, and saying that {@code onError} does not reach it.
   *
   * <p>Unlike {@link #apply}, the operators are not rebuilt: the query's graph may have joins,
   * exchanges and unions, and a copy would have to carry every property of every kind of
   * transformation. The transformations keep their place, uid and everything else; only their
   * operator factory is replaced by the guarded one. Flink's transformations have no setter for it,
   * so it is set reflectively; a Flink version without that field fails here, at build time.
   *
   * @param inputs the streams the query's tables were made from
   */
  public static Guarded applyToQuery(
      DataStream<Row> planned, java.util.Set<Transformation<?>> inputs, Policy policy) {
    StreamExecutionEnvironment env = planned.getExecutionEnvironment();
    List<DataStream<BadRecord>> badRecords = new ArrayList<>();
    java.util.Set<Transformation<?>> seen = new java.util.HashSet<>();
    java.util.ArrayDeque<Transformation<?>> todo = new java.util.ArrayDeque<>();
    todo.add(planned.getTransformation());
    while (!todo.isEmpty()) {
      Transformation<?> at = todo.poll();
      if (inputs.contains(at) || !seen.add(at)) {
        continue;
      }
      todo.addAll(at.getInputs());
      if (at instanceof OneInputTransformation<?, ?> one && isCalc(one.getOperatorFactory())) {
        guard(one, OneInputTransformation.class, policy, List.of(one.getInputType()));
        if (policy.onError() == Step.OnError.DEAD_LETTER) {
          badRecords.add(
              new DataStream<>(
                  env, new SideOutputTransformation<>(one, SplitBadRecords.BAD_RECORDS)));
        }
      } else if (at instanceof OneInputTransformation<?, ?> one
          && one.getOperatorFactory() instanceof CodeGenOperatorFactory<?>) {
        // A Correlate (a table function such as UNNEST, evaluated with its arguments per
        // record) or another generated operator that may put out several records per input.
        boolean correlate = one.getName().startsWith("Correlate");
        guard(
            one,
            OneInputTransformation.class,
            policy.failing(
                (correlate ? "the table function (" + one.getName() + ")" : one.getName())
                    + " in "
                    + policy.describe(),
                ". onError applies to the query's projections and filters, not to "
                    + (correlate ? "a table function" : "this operator")
                    + ", which may put out several records per input; TRY_CAST gives NULL"
                    + " instead of failing"),
            List.of(one.getInputType()));
      } else if (at instanceof TwoInputTransformation<?, ?, ?> two) {
        guard(
            two,
            TwoInputTransformation.class,
            policy.failing(
                "the join (" + two.getName() + ") in " + policy.describe(),
                ". onError applies to the query's projections and filters, including a join's"
                    + " computed keys and conditions on one side, not to a condition over both"
                    + " sides, which the join evaluates against records it holds; TRY_CAST gives"
                    + " NULL instead of failing"),
            List.of(two.getInputType1(), two.getInputType2()));
      }
    }
    return new Guarded(planned, badRecords);
  }

  /** A projection and filter the planner generated code for: one record out at most per input. */
  private static boolean isCalc(StreamOperatorFactory<?> factory) {
    return factory instanceof CodeGenOperatorFactory<?> generated
        && generated.getGeneratedClass().getClassName().contains("Calc");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void guard(
      Transformation<?> transformation,
      Class<?> kind,
      Policy policy,
      List<TypeInformation<?>> inputTypes) {
    try {
      java.lang.reflect.Field field = kind.getDeclaredField("operatorFactory");
      field.setAccessible(true);
      StreamOperatorFactory<?> factory = (StreamOperatorFactory<?>) field.get(transformation);
      field.set(
          transformation,
          new GuardedOperatorFactory(
              factory, policy, inputTypes.stream().map(RecordJson::of).toList()));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot guard the operator " + transformation.getName() + " of node " + policy.nodeId(),
          e);
    }
  }

  /**
   * The failure that ends the job for a record the node could not process: its message names the
   * node, what failed, the record, and is the root cause, so the run's failure reads it; the
   * planner's own exception stays attached for the stack trace in the log.
   */
  static FlinkRuntimeException failure(
      Policy policy, String message, String record, Throwable cause) {
    FlinkRuntimeException failure =
        new FlinkRuntimeException(
            "Node "
                + policy.nodeId()
                + ": "
                + policy.describe()
                + " failed: "
                + (message.endsWith(".") ? message.substring(0, message.length() - 1) : message)
                + " on "
                + record
                + policy.note());
    failure.addSuppressed(cause);
    return failure;
  }

  /**
   * The planner's operators from just after {@code input} to {@code planned}, in data order; null
   * when the planner's operators do not read {@code input} at all.
   */
  private static List<OneInputTransformation<?, ?>> segment(
      DataStream<Row> planned, DataStream<Row> input) {
    List<OneInputTransformation<?, ?>> segment = new ArrayList<>();
    Transformation<?> at = planned.getTransformation();
    while (at != input.getTransformation()) {
      if (at.getInputs().isEmpty()) {
        return null;
      }
      if (!(at instanceof OneInputTransformation<?, ?> one) || at.getInputs().size() != 1) {
        throw new IllegalStateException(
            "Expected a chain of one-input operators from the table's input, found " + at);
      }
      segment.add(one);
      at = at.getInputs().get(0);
    }
    Collections.reverse(segment);
    return segment;
  }

  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?");

  /** A person's reading of why an expression failed: messages without Java class names. */
  static String message(Throwable e) {
    String best = null;
    for (Throwable at = e; at != null; at = at.getCause() == at ? null : at.getCause()) {
      if (at.getMessage() != null && !at.getMessage().isBlank()) {
        best = at.getMessage();
      }
    }
    if (best == null) {
      return e.getClass().getSimpleName();
    }
    String message = best.strip();
    int newline = message.indexOf('\n');
    if (newline > 0) {
      message = message.substring(0, newline).strip();
    }
    String stripped = CLASS_PREFIX.matcher(message).replaceFirst("");
    return stripped.isBlank() ? message : stripped;
  }
}
