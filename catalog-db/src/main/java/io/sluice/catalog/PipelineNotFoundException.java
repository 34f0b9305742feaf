package io.sluice.catalog;

import java.util.UUID;

/** No live pipeline has this id: it never existed or it was deleted. */
public final class PipelineNotFoundException extends CatalogException {

  private final UUID id;

  public PipelineNotFoundException(UUID id) {
    super("Pipeline " + id + " does not exist (or was deleted)");
    this.id = id;
  }

  public UUID id() {
    return id;
  }
}
