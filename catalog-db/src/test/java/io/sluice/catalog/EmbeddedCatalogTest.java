package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server keeps its data under the data directory across restarts. */
class EmbeddedCatalogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void dataSurvivesCloseAndReopenOfTheSameDataDirectory() {
    ObjectNode document = JSON.createObjectNode().put("kept", "across restarts");
    UUID id;
    try (CatalogDatabase db =
        CatalogDatabase.open(new CatalogSettings(null, null, null, dataDir))) {
      assertThat(db.mode()).isEqualTo("embedded");
      assertThat(db.displayUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
      assertThat(db.health().up()).isTrue();
      String listenAddresses =
          db.jdbi().withHandle(h -> h.select("SHOW listen_addresses").mapTo(String.class).one());
      assertThat(listenAddresses).isEqualTo("127.0.0.1");
      id = new PipelineCatalog(db.jdbi()).create("kept", "", document, "ada", null).summary().id();
    }
    assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();

    try (CatalogDatabase db = CatalogDatabase.open(CatalogSettings.embedded(dataDir))) {
      Pipeline found = new PipelineCatalog(db.jdbi()).find(id).orElseThrow();
      assertThat(found.summary().name()).isEqualTo("kept");
      assertThat(found.latest().document()).isEqualTo(document);
      assertThat(db.health().schemaVersion()).isEqualTo(Migrations.latest());
    }
  }

  @Test
  void aServerOrphanedByAKilledProcessIsStoppedAndTheDataIsKept() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OpenEmbeddedCatalogAndWait.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    UUID id = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(OpenEmbeddedCatalogAndWait.READY)) {
          id = UUID.fromString(line.substring(OpenEmbeddedCatalogAndWait.READY.length()));
          break;
        }
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, the postmaster stays up
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(id).as("the child process created a pipeline").isNotNull();
    assertThat(dataDir.resolve("postgres/postmaster.pid")).exists();

    try (CatalogDatabase db = CatalogDatabase.open(CatalogSettings.embedded(dataDir))) {
      assertThat(new PipelineCatalog(db.jdbi()).find(id)).isPresent();
    }
    assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isFalse();
  }
}
