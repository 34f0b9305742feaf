package io.sluice.server.metrics;

import io.sluice.catalog.RunState;
import io.sluice.executor.metrics.RunMetrics;
import java.util.UUID;

/**
 * The newest metrics of a pipeline's run, as the live endpoint and the event stream send them.
 *
 * @param pipelineId the pipeline
 * @param runId its run the metrics belong to
 * @param state the run's state when they were read
 * @param metrics the values; null when none were read yet
 */
public record LiveMetrics(UUID pipelineId, UUID runId, RunState state, RunMetrics metrics) {}
