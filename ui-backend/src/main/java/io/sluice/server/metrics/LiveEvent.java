package io.sluice.server.metrics;

import java.util.Objects;
import java.util.UUID;

/**
 * Something to push to people watching: a run's new metrics ({@code metrics}, data {@link
 * LiveMetrics}) or a run's new state ({@code run}, data the run).
 *
 * @param type the SSE event name
 * @param pipelineId the pipeline it concerns
 * @param data the JSON payload
 */
public record LiveEvent(String type, UUID pipelineId, Object data) {
  public static final String METRICS = "metrics";
  public static final String RUN = "run";

  public LiveEvent {
    Objects.requireNonNull(type);
    Objects.requireNonNull(pipelineId);
    Objects.requireNonNull(data);
  }
}
