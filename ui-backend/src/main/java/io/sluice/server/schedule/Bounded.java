package io.sluice.server.schedule;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.Step;
import io.sluice.model.problem.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sources of a plan end by themselves, for backfills: a generator with a {@code count}. A
 * file directory keeps watching for new files and never ends, so it is refused until it has a
 * bounded mode.
 */
final class Bounded {
  static final String CODE = "source-not-bounded";

  private Bounded() {}

  /** A problem for each source that would run forever; empty when a backfill can finish. */
  static List<Problem> unboundedSources(ExecutionPlan plan) {
    List<Problem> problems = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.GeneratorSource generator) {
        if (generator.count().isEmpty()) {
          problems.add(
              new Problem(
                  step.id().value(),
                  "config.count",
                  CODE,
                  "Source '"
                      + step.id().value()
                      + "' generates records forever; give it a count to backfill."));
        }
      } else if (step instanceof Step.FileDirectorySource) {
        problems.add(
            new Problem(
                step.id().value(),
                null,
                CODE,
                "Source '"
                    + step.id().value()
                    + "' watches its directory for new files and never ends; a backfill needs"
                    + " sources that end."));
      }
    }
    return problems;
  }
}
