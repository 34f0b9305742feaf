package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that are markup: a pipeline, a node and a connection named with HTML that would run script
 * if it were inserted as HTML. In Chromium every page shows them as text, and no script runs.
 */
class HostileNamesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE = "<img src=x onerror=\"window.__pwned = 'pipeline'\">";
  private static final String NODE = "<script>window.__pwned = 'node'</script>";
  private static final String DESCRIPTION = "<svg onload=\"window.__pwned = 'connection'\"></svg>";

  @TempDir Path dataDir;

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
      chromium.screenshot("hostile-names-last");
      chromium.close();
    }
    if (sluice != null) {
      sluice.close();
    }
  }

  @Test
  void markupInNamesIsShownAsTextAndRunsNoScript() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("name", PIPELINE);
    ObjectNode node =
        body.putObject("document").put("formatVersion", 1).putArray("nodes").addObject();
    node.put("id", "gen").put("type", "generator").put("name", NODE);
    body.with("document").putObject("layout").putObject("gen").put("x", 0).put("y", 0);
    String id = sluice.send("POST", "/api/pipelines", body.toString(), 201).path("id").asText();
    ObjectNode connection =
        JSON.createObjectNode()
            .put("name", "markup")
            .put("kind", "kafka")
            .put("description", DESCRIPTION);
    connection.putObject("config").put("bootstrapServers", "127.0.0.1:1");
    sluice.send("POST", "/api/connections", connection.toString(), 201);

    page.navigate(sluice.baseUrl() + "/");
    assertThat(page.getByText(PIPELINE, new Page.GetByTextOptions().setExact(true))).isVisible();

    page.navigate(sluice.baseUrl() + "/pipelines/" + id);
    assertThat(page.getByText(NODE, new Page.GetByTextOptions().setExact(true)).first())
        .isVisible();

    page.navigate(sluice.baseUrl() + "/connections");
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasText("Connections");
    assertThat(page.getByText(DESCRIPTION, new Page.GetByTextOptions().setExact(true))).isVisible();
    chromium.screenshot("hostile-names-connections");

    assertThat(page.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
    assertThat(page.locator("img[src='x'], svg[onload], script:not([src])").count()).isZero();
  }
}
