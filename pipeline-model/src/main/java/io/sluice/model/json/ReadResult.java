package io.sluice.model.json;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.problem.Problem;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of reading a pipeline document: the document, or every problem found.
 *
 * @param document the document, or {@code null} when there are problems
 * @param problems every problem found, in document order; empty when {@code document} is set
 */
public record ReadResult(PipelineDocument document, List<Problem> problems) {

  public ReadResult {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    if ((document == null) == problems.isEmpty()) {
      throw new IllegalArgumentException(
          "A read result holds either a document or problems, not both and not neither");
    }
  }

  static ReadResult of(PipelineDocument document) {
    return new ReadResult(document, List.of());
  }

  static ReadResult failed(List<Problem> problems) {
    return new ReadResult(null, problems);
  }

  /** Whether the document was read without problems. */
  public boolean ok() {
    return document != null;
  }
}
