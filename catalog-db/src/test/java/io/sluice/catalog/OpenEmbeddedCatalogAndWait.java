package io.sluice.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EmbeddedCatalogTest}: opens an embedded catalog, creates a pipeline,
 * prints its id and waits to be killed.
 */
final class OpenEmbeddedCatalogAndWait {

  static final String READY = "READY ";

  private OpenEmbeddedCatalogAndWait() {}

  public static void main(String[] args) throws InterruptedException {
    CatalogDatabase db = CatalogDatabase.open(CatalogSettings.embedded(Path.of(args[0])));
    var pipeline =
        new PipelineCatalog(db.jdbi())
            .create("orphan", "", new ObjectMapper().createObjectNode(), "ada", null);
    System.out.println(READY + pipeline.summary().id());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
