package io.sluice.catalog.testing;

import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.PipelineCatalog;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a migrated catalog on a database of its own, dropped after the class.
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension static final CatalogExtension catalog = new CatalogExtension();
 *
 *   @Test
 *   void something() {
 *     catalog.pipelines().create(...);
 *   }
 * }
 * }</pre>
 *
 * <p>Register it in a {@code static} field: it works per class, not per test. Tests of one class
 * share the database, so they should not depend on it being empty (use unique names).
 */
public final class CatalogExtension implements BeforeAllCallback, AfterAllCallback {

  private TestDatabase database;
  private CatalogDatabase catalog;
  private PipelineCatalog pipelines;

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestPostgres.freshDatabase();
    catalog = CatalogDatabase.open(database.settings());
    pipelines = new PipelineCatalog(catalog.jdbi());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (catalog != null) {
        catalog.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
      catalog = null;
      pipelines = null;
      database = null;
    }
  }

  /** The open, migrated catalog database. */
  public CatalogDatabase catalog() {
    return started(catalog);
  }

  public Jdbi jdbi() {
    return catalog().jdbi();
  }

  public PipelineCatalog pipelines() {
    return started(pipelines);
  }

  /** Settings that reach the same database, for code that opens the catalog itself. */
  public CatalogSettings settings() {
    return started(database).settings();
  }

  private static <T> T started(T value) {
    if (value == null) {
      throw new IllegalStateException(
          "CatalogExtension is not active: register it with @RegisterExtension on a static field");
    }
    return value;
  }
}
