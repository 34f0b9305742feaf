package io.sluice.catalog.testing;

import io.sluice.catalog.CatalogSettings;

/**
 * An empty database created for one test (class), not migrated yet. Hand {@link #settings()} to
 * code that opens the catalog itself (an application under test); {@link #close()} drops it.
 *
 * <pre>{@code
 * try (TestDatabase db = TestPostgres.freshDatabase()) {
 *   app = SluiceApp.start(db.settings());
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

  private final TestPostgres.Server server;
  private final String name;
  private boolean dropped;

  TestDatabase(TestPostgres.Server server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** External-mode settings for this database. */
  public CatalogSettings settings() {
    return CatalogSettings.external(server.urlFor(name), server.user(), server.password());
  }

  /** Drops the database, disconnecting whoever is still connected. Idempotent. */
  @Override
  public synchronized void close() {
    if (!dropped) {
      server.drop(name);
      dropped = true;
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server + "]";
  }
}
