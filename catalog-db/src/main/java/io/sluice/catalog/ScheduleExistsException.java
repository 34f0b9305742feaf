package io.sluice.catalog;

import java.util.UUID;

/** A pipeline has at most one schedule: edit it rather than create another. */
public final class ScheduleExistsException extends CatalogException {
  public ScheduleExistsException(UUID pipelineId) {
    super("Pipeline " + pipelineId + " already has a schedule; edit it with PUT");
  }
}
