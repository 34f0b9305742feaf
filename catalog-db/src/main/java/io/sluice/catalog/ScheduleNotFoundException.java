package io.sluice.catalog;

import java.util.UUID;

/** The pipeline has no schedule. */
public final class ScheduleNotFoundException extends CatalogException {
  public ScheduleNotFoundException(UUID pipelineId) {
    super("Pipeline " + pipelineId + " has no schedule");
  }
}
