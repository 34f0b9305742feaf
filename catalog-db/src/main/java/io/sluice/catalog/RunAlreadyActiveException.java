package io.sluice.catalog;

import java.util.UUID;

/** A pipeline has at most one active run, since a run owns the pipeline's checkpoints. */
public final class RunAlreadyActiveException extends CatalogException {
  private final UUID pipelineId;

  public RunAlreadyActiveException(UUID pipelineId) {
    super("Pipeline " + pipelineId + " already has an active run; stop it first");
    this.pipelineId = pipelineId;
  }

  public UUID pipelineId() {
    return pipelineId;
  }
}
