package io.sluice.server.api;

import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.validation.PipelineValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that can be known about a document without running it: the validator's problems first;
 * when there are none, the expressions type-checked by Flink's planner and the fields that flow out
 * of every node.
 */
public final class DocumentChecks {
  private final PipelineValidator validator;
  private final PlanTranslator translator;
  private final JobCompiler compiler = new JobCompiler();

  private final PipelineResolver resolver;

  public DocumentChecks(NodeTypeRegistry registry) {
    this(registry, PipelineResolver.NONE);
  }

  /** Checks documents as they would run: resolved first (connections, allowed directories). */
  public DocumentChecks(NodeTypeRegistry registry, PipelineResolver resolver) {
    this.validator = new PipelineValidator(registry);
    this.translator = new PlanTranslator(registry);
    this.resolver = resolver;
  }

  /** What prepares a stored document to run (connections, allowed directories). */
  public PipelineResolver resolver() {
    return resolver;
  }

  /** The fields of one node's output, as shown on its edges. */
  public record FieldView(String name, String type) {}

  /** Problems, and the output fields of each node when the pipeline type-checks. */
  public record Result(
      boolean valid, List<Problem> problems, Map<String, List<FieldView>> fields) {}

  public Result check(PipelineDocument stored) {
    PipelineResolver.Resolved resolved = resolver.resolve(stored);
    PipelineDocument document = resolved.document();
    List<Problem> problems = new java.util.ArrayList<>(resolved.problems());
    problems.addAll(validator.validate(document));
    if (!problems.isEmpty()) {
      return new Result(false, problems, Map.of());
    }
    ExecutionPlan plan = translator.translate(document);
    JobCompiler.Analysis analysis = compiler.analyze(plan);
    if (!analysis.problems().isEmpty()) {
      return new Result(false, analysis.problems(), Map.of());
    }
    Map<String, List<FieldView>> fields = new LinkedHashMap<>();
    analysis.fields().forEach((id, schema) -> fields.put(id.value(), view(schema)));
    return new Result(true, List.of(), fields);
  }

  private static List<FieldView> view(RecordSchema schema) {
    return schema.fields().stream().map(f -> new FieldView(f.name(), f.type().wireName())).toList();
  }
}
