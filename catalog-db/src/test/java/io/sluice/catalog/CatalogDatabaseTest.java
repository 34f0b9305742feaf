package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CatalogDatabaseTest {

  @RegisterExtension static final CatalogExtension db = new CatalogExtension();

  @Test
  void healthReportsUpWithServerAndSchemaVersion() {
    CatalogHealth health = db.catalog().health();

    assertThat(health.up()).isTrue();
    assertThat(health.mode()).isEqualTo("external");
    assertThat(health.url()).isEqualTo(db.catalog().displayUrl()).startsWith("jdbc:postgresql:");
    assertThat(health.serverVersion()).matches("\\d+(\\.\\d+)?.*");
    assertThat(health.schemaVersion()).isEqualTo(Migrations.latest());
    assertThat(health.error()).isNull();
  }

  @Test
  void healthOfAClosedDatabaseIsDownWithTheReasonInsteadOfThrowing() {
    CatalogDatabase other = CatalogDatabase.open(db.settings());
    other.close();

    CatalogHealth health = other.health();

    assertThat(health.up()).isFalse();
    assertThat(health.serverVersion()).isNull();
    assertThat(health.schemaVersion()).isNull();
    assertThat(health.error()).containsIgnoringCase("closed");
  }

  @Test
  void openingAgainOnAMigratedDatabaseAppliesNothingAndWorks() {
    try (CatalogDatabase again = CatalogDatabase.open(db.settings())) {
      assertThat(again.health().schemaVersion()).isEqualTo(Migrations.latest());
      assertThat(new PipelineCatalog(again.jdbi()).list(null)).isNotNull();
    }
  }

  @Test
  void openingAnUnreachableServerFailsFastNamingTheUrlButNotThePassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/x?password=hunter2&ssl=false";

    assertThatThrownBy(
            () -> CatalogDatabase.open(CatalogSettings.external(url, "sluice", "s3cret")))
        .isInstanceOfSatisfying(
            CatalogUnavailableException.class,
            e ->
                assertThat(e.url())
                    .isEqualTo("jdbc:postgresql://127.0.0.1:1/x?password=****&ssl=false"))
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/x")
        .hasMessageContaining("sluice")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void settingsNeverPrintThePassword() {
    CatalogSettings settings =
        CatalogSettings.external("jdbc:postgresql://h/db?password=p1", "u", "p2");
    assertThat(settings.toString()).doesNotContain("p1").doesNotContain("p2").contains("u");
  }

  @Test
  void freshCatalogsAreSeparateDatabases() {
    try (CatalogDatabase a = TestPostgres.freshCatalog();
        CatalogDatabase b = TestPostgres.freshCatalog()) {
      new PipelineCatalog(a.jdbi())
          .create(
              "only in a",
              "",
              new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(),
              "ada",
              null);
      assertThat(new PipelineCatalog(b.jdbi()).list(null)).isEmpty();
      assertThat(a.displayUrl()).isNotEqualTo(b.displayUrl());
    }
  }
}
