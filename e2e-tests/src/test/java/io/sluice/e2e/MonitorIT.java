package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user watches a running pipeline in Chromium: the overview lists it as running, its dashboard's
 * counters rise while it runs, and the designer's canvas shows the records on each edge rising.
 */
class MonitorIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir Path dataDir;
  @TempDir Path outbox;

  private SluiceProcess sluice;
  private Chromium chromium;
  private Page page;

  @BeforeEach
  void start() throws Exception {
    chromium = Chromium.launch();
    page = chromium.page();
    sluice = SluiceProcess.start(dataDir, Map.of("SLUICE_METRICS_SAMPLE_INTERVAL", "1s"));
    chromium.logIn(sluice);
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.screenshot("monitor-last");
      chromium.close();
    }
    if (sluice != null) {
      sluice.close();
    }
  }

  @Test
  void theOverviewDashboardAndCanvasShowARunningPipelineCountingUp() throws Exception {
    Files.createDirectories(outbox);
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"seed": 7, "recordsPerSecond": 200}},
           {"id": "keep", "type": "filter", "config": {"condition": "MOD(id, 2) = 0"}},
           {"id": "out", "type": "file-directory-sink",
            "config": {"path": %s, "format": "json-lines"}}],
         "edges": [
           {"from": {"node": "gen"}, "to": {"node": "keep"}},
           {"from": {"node": "keep"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "2s"},
         "layout": {"gen": {"x": 0, "y": 0}, "keep": {"x": 320, "y": 0},
                    "out": {"x": 640, "y": 0}}}
        """
            .formatted(quote(outbox.toString()));
    String id =
        sluice
            .send(
                "POST",
                "/api/pipelines",
                "{\"name\": \"watched\", \"document\": " + document + "}",
                201)
            .path("id")
            .asText();
    String runId =
        sluice.send("POST", "/api/pipelines/" + id + "/runs", "{}", 201).path("id").asText();

    // The overview, reached from the top navigation, lists the pipeline as running.
    page.navigate(sluice.baseUrl() + "/");
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
        .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Monitor"))
        .click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasText("Monitor");
    Locator state = page.getByLabel("State of watched");
    assertThat(state)
        .hasText("running", new LocatorAssertions.HasTextOptions().setTimeout(PATIENCE.toMillis()));
    chromium.screenshot("monitor-overview");

    // Its dashboard: the records read rise while the run goes on.
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("watched").setExact(true))
        .click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasText("watched");
    Locator recordsIn = page.getByTestId("stat-records-in").locator("dd").first();
    long first = awaitCountAbove(recordsIn, 0);
    long later = awaitCountAbove(recordsIn, first);
    assertThat(later).isGreaterThan(first);
    Locator recordsOut = page.getByTestId("stat-records-out").locator("dd").first();
    awaitCountAbove(recordsOut, 0);
    assertThat(page.getByTestId("stat-lag").locator("dd").first()).hasText("not measured");
    assertThat(
            page.getByRole(
                AriaRole.FIGURE, new Page.GetByRoleOptions().setName("Records out per second")))
        .isVisible();
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("1 h")).click();
    assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("1 h")))
        .hasAttribute("aria-checked", "true");
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Live")).click();
    awaitCountAbove(recordsIn, later);
    chromium.screenshot("monitor-dashboard");

    // The designer's canvas: the records along each edge rise too.
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open in the designer"))
        .click();
    Locator onEdge = page.getByTestId("edge-count-gen-keep").locator(".edge-count__records");
    long edgeFirst = awaitCountAbove(onEdge, 0);
    awaitCountAbove(onEdge, edgeFirst);
    awaitCountAbove(page.getByTestId("edge-count-keep-out").locator(".edge-count__records"), 0);
    chromium.screenshot("monitor-canvas");

    sluice.send("POST", "/api/runs/" + runId + "/stop", "", 200);
    await()
        .atMost(PATIENCE)
        .until(() -> sluice.get("/api/runs/" + runId).path("state").asText().equals("stopped"));
    // A stopped pipeline shows no live counts on its canvas.
    assertThat(page.getByTestId("edge-count-gen-keep"))
        .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(PATIENCE.toMillis()));

    // Loaded directly, the overview follows the run to its end.
    page.navigate(sluice.baseUrl() + "/monitor");
    assertThat(page.getByLabel("State of watched"))
        .hasText("stopped", new LocatorAssertions.HasTextOptions().setTimeout(PATIENCE.toMillis()));
  }

  /** Waits until the number shown by {@code locator} is above {@code floor}; returns it. */
  private static long awaitCountAbove(Locator locator, long floor) {
    long[] seen = {-1};
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              seen[0] = number(locator.textContent());
              assertThat(seen[0]).isGreaterThan(floor);
            });
    return seen[0];
  }

  /** The number a counter shows, such as {@code 12,345}; -1 for none yet. */
  private static long number(String text) {
    String digits = text == null ? "" : text.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? -1 : Long.parseLong(digits);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
