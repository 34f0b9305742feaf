package io.sluice.catalog;

import java.util.Objects;

/** A pipeline's head together with its latest version. */
public record Pipeline(PipelineSummary summary, PipelineVersion latest) {

  public Pipeline {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(latest, "latest");
    if (!summary.id().equals(latest.pipelineId()) || summary.latestVersion() != latest.number()) {
      throw new IllegalArgumentException(
          "Version "
              + latest.number()
              + " of pipeline "
              + latest.pipelineId()
              + " is not the latest version of pipeline "
              + summary.id());
    }
  }
}
