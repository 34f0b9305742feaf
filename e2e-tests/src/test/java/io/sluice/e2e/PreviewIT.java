package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person opens a saved pipeline (file directory → filter → derive → PostgreSQL), previews it on a
 * sample file they upload, clicks an edge and reads its records, and finds the malformed line among
 * the dead letters with its reason. Nothing runs: the pipeline has no run afterwards.
 */
class PreviewIT {
  @TempDir Path dataDir;
  @TempDir Path inbox;
  @TempDir Path samples;

  private SluiceProcess sluice;
  private Chromium chromium;
  private Page page;

  @BeforeEach
  void start() throws Exception {
    chromium = Chromium.launch();
    page = chromium.page();
    sluice = SluiceProcess.start(dataDir, Map.of());
    chromium.logIn(sluice);
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.screenshot("preview-last");
      chromium.close();
    }
    if (sluice != null) {
      sluice.close();
    }
  }

  private String createPipeline() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode();
    body.put("name", "orders preview");
    body.set(
        "document",
        json.readTree(
            """
            {"formatVersion": 1,
             "nodes": [
               {"id": "orders", "type": "file-directory",
                "config": {"path": "%s", "fields": ["who: string", "amount: long"]}},
               {"id": "big", "type": "filter", "config": {"condition": "amount > 1"}},
               {"id": "twice", "type": "derive", "config": {"fields": ["doubled = amount * 2"]}},
               {"id": "db", "type": "postgres",
                "config": {"jdbcUrl": "jdbc:postgresql://127.0.0.1:1/nowhere", "table": "orders"}}],
             "edges": [{"from": {"node": "orders"}, "to": {"node": "big"}},
                       {"from": {"node": "big"}, "to": {"node": "twice"}},
                       {"from": {"node": "twice"}, "to": {"node": "db"}}],
             "layout": {"orders": {"x": 0, "y": 0}, "big": {"x": 260, "y": 80},
                        "twice": {"x": 520, "y": 160}, "db": {"x": 780, "y": 240}}}
            """
                .formatted(inbox)));
    return sluice.send("POST", "/api/pipelines", body.toString(), 201).path("id").asText();
  }

  @Test
  void previewsAnUploadedSampleAndShowsTheRecordsOfAnEdgeAndTheDeadLetters() throws Exception {
    String id = createPipeline();
    Path sample = samples.resolve("orders.csv");
    Files.writeString(sample, "who,amount\nada,1\nbob,5\ncyd,lots\ndee,7\n");

    page.navigate(sluice.baseUrl() + "/pipelines/" + id);
    assertThat(page.locator(".react-flow__edge")).hasCount(3);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview").setExact(true))
        .click();
    Locator preview =
        page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Preview"));
    assertThat(preview).isVisible();
    // The directory is empty: the first preview sees no records. The first preview of a JVM loads
    // Flink's local cluster and planner, which takes long on a busy machine.
    assertThat(preview.getByRole(AriaRole.TAB))
        .hasCount(
            2,
            new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
                .setTimeout(120_000));

    preview.getByLabel("Sample for orders").setInputFiles(sample);
    assertThat(preview.getByText("(orders.csv)")).isVisible();
    preview
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run preview"))
        .click();
    assertThat(preview.getByText("3 records"))
        .isVisible(
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                .setTimeout(90_000));

    // The edge from the filter to the derive, clicked near its start (its middle holds the label).
    page.locator("[aria-label='Edge from big to twice']")
        .locator(".react-flow__edge-interaction")
        .click(new Locator.ClickOptions().setPosition(12, 2).setForce(true));
    Locator table =
        preview.getByRole(
            AriaRole.TABLE, new Locator.GetByRoleOptions().setName("Records from big to twice"));
    assertThat(table).isVisible();
    assertThat(table.getByRole(AriaRole.COLUMNHEADER))
        .hasText(new String[] {"who string", "amount long"});
    assertThat(table.getByRole(AriaRole.ROW)).hasCount(3);
    assertThat(table).containsText("bob");
    assertThat(table).containsText("dee");
    chromium.screenshot("preview-edge");

    preview
        .getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName("Dead letters 1"))
        .click();
    Locator deadLetters =
        preview.getByRole(
            AriaRole.TABPANEL, new Locator.GetByRoleOptions().setName("Dead letters"));
    assertThat(deadLetters).containsText("cyd,lots");
    assertThat(deadLetters).containsText("amount");

    org.assertj.core.api.Assertions.assertThat(sluice.get("/api/pipelines/" + id + "/runs"))
        .isEmpty();
  }
}
