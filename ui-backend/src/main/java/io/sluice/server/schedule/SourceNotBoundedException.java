package io.sluice.server.schedule;

import io.sluice.model.problem.Problem;
import java.util.List;

/** A backfill was asked of a pipeline with a source that never ends; carries each such source. */
public final class SourceNotBoundedException extends RuntimeException {
  private final List<Problem> problems;

  SourceNotBoundedException(List<Problem> problems) {
    super(
        "A backfill runs to the end, but "
            + (problems.size() == 1 ? "a source" : problems.size() + " sources")
            + " of this pipeline never end; see errors.");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
