package io.sluice.catalog;

import java.util.UUID;

/**
 * A save was based on a version that is no longer the latest: someone else saved in between. The
 * caller should load {@link #currentVersion()}, merge, and save again on top of it.
 */
public final class StaleVersionException extends CatalogException {

  private final UUID id;
  private final int baseVersion;
  private final int currentVersion;

  public StaleVersionException(UUID id, int baseVersion, int currentVersion) {
    super(
        "Pipeline "
            + id
            + " is at version "
            + currentVersion
            + ", but the save was based on version "
            + baseVersion
            + "; load version "
            + currentVersion
            + " and save again");
    this.id = id;
    this.baseVersion = baseVersion;
    this.currentVersion = currentVersion;
  }

  public UUID id() {
    return id;
  }

  public int baseVersion() {
    return baseVersion;
  }

  public int currentVersion() {
    return currentVersion;
  }
}
