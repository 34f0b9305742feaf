package io.sluice.model.connection;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prepares a stored document for validation and translation inside the process: fills in what the
 * connections it names hold ({@link ConnectionBinding}) and checks what depends on the place it
 * runs (allowed directories). The resolved document holds secrets and is never stored or sent.
 */
@FunctionalInterface
public interface PipelineResolver {
  /** Leaves every document as it is. */
  PipelineResolver NONE = document -> new Resolved(document, List.of());

  /** The document to validate and run, and the problems found on the way. */
  record Resolved(PipelineDocument document, List<Problem> problems) {
    public Resolved {
      Objects.requireNonNull(document, "document");
      problems = List.copyOf(problems);
    }
  }

  Resolved resolve(PipelineDocument document);

  /** This resolver, then {@code next} on its result; the problems of both. */
  default PipelineResolver andThen(PipelineResolver next) {
    return document -> {
      Resolved first = resolve(document);
      Resolved second = next.resolve(first.document());
      List<Problem> problems = new ArrayList<>(first.problems());
      problems.addAll(second.problems());
      return new Resolved(second.document(), problems);
    };
  }
}
