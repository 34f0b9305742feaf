package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user in Chromium: builds file directory → filter → PostgreSQL on an empty canvas by
 * dragging from the palette and connecting ports, meets a validation problem and fixes it, saves,
 * reloads, runs the pipeline, drops CSV files into the directory and sees the rows arrive.
 */
class DesignerIT {
  @TempDir Path dataDir;
  @TempDir Path inbox;

  private TestDatabase target;
  private SluiceProcess sluice;
  private Chromium chromium;
  private Page page;

  @BeforeEach
  void start() throws Exception {
    chromium = Chromium.launch();
    page = chromium.page();
    target = TestPostgres.freshDatabase();
    sluice = SluiceProcess.start(dataDir, Map.of());
    chromium.logIn(sluice);
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.screenshot("designer-last");
      chromium.close();
    }
    if (sluice != null) {
      sluice.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void aNewUserBuildsSavesRunsAndStopsAPipelineFromAnEmptyCanvas() throws Exception {
    page.navigate(sluice.baseUrl());
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Pipelines")))
        .isVisible();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New pipeline")).click();
    Locator dialog = page.getByRole(AriaRole.DIALOG);
    dialog.getByLabel("Name").fill("orders");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
    page.waitForURL(Pattern.compile(".*/pipelines/[0-9a-f-]{36}$"));
    String pipelineId = page.url().substring(page.url().lastIndexOf('/') + 1);
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasText("orders");

    // Three nodes dragged from the palette onto the canvas.
    Locator palette =
        page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Palette"));
    Locator canvas = page.locator(".react-flow__pane");
    drop(palette, "file-directory", canvas, 60, 120);
    drop(palette, "filter", canvas, 280, 260);
    drop(palette, "postgres", canvas, 500, 120);
    Locator files = page.getByTestId("node-file-directory-1");
    Locator filter = page.getByTestId("node-filter-1");
    Locator sink = page.getByTestId("node-postgres-1");
    assertThat(files).isVisible();
    assertThat(filter).isVisible();
    assertThat(sink).isVisible();

    connect(files, filter);
    connect(filter, sink);
    assertThat(page.locator(".react-flow__edge")).hasCount(2);

    // The forms: the source, a filter with a misspelt field, the sink.
    Locator settings =
        page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node settings"));
    files.click();
    field(settings, "Directory").fill(inbox.toString());
    fillList(field(settings, "Fields"), "id: long", "customer: string", "amount: double");
    field(settings, "First line is a header").check();

    filter.click();
    field(settings, "Keep records where").fill("amout > 10");

    sink.click();
    CatalogSettings db = target.settings();
    field(settings, "JDBC URL").fill(db.jdbcUrl());
    field(settings, "User").fill(db.user());
    if (db.password() != null) {
      field(settings, "Password").fill(db.password());
    }
    field(settings, "Table").fill("big_orders");
    field(settings, "Create the table if missing").check();

    // The misspelt field is a problem on the filter; clicking it leads to the field.
    Locator problems =
        page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Problems"));
    Locator amout =
        problems.getByRole(AriaRole.BUTTON).filter(new Locator.FilterOptions().setHasText("amout"));
    assertThat(amout).isVisible();
    chromium.screenshot("designer-problem");
    amout.click();
    Locator condition = field(settings, "Keep records where");
    assertThat(condition).isFocused();
    condition.fill("amount > 10");
    assertThat(problems).containsText("No problems");
    assertThat(page.getByTestId("edge-fields-filter-1-postgres-1")).containsText("amount: double");

    // Save as version 2 with a message.
    assertThat(page.getByText("Unsaved changes")).isVisible();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true))
        .click();
    Locator save =
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Save version"));
    save.getByLabel("Message").fill("files to PostgreSQL");
    save.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save version")).click();
    assertThat(page.getByText("Unsaved changes")).isHidden();
    JsonNode saved = sluice.get("/api/pipelines/" + pipelineId);
    assertThat(saved.path("latestVersion").asInt()).isEqualTo(2);
    assertThat(saved.at("/validation/valid").asBoolean()).isTrue();
    assertThat(saved.at("/version/document/nodes")).hasSize(3);
    assertThat(saved.at("/version/document/edges")).hasSize(2);

    // The layout saved is where the nodes were dropped: the filter below and between the others.
    JsonNode layout = saved.at("/version/document/layout");
    assertThat(layout.size()).isEqualTo(3);
    double filesX = layout.at("/file-directory-1/x").asDouble();
    double filterX = layout.at("/filter-1/x").asDouble();
    double sinkX = layout.at("/postgres-1/x").asDouble();
    assertThat(filesX).isLessThan(filterX);
    assertThat(filterX).isLessThan(sinkX);
    assertThat(layout.at("/filter-1/y").asDouble())
        .isGreaterThan(layout.at("/postgres-1/y").asDouble());

    // After a reload the graph is drawn from that layout (the view may zoom to fit, so compare
    // the arrangement, not pixels); the history lists the version.
    page.reload();
    assertThat(filter).isVisible();
    BoundingBox filesBox = files.boundingBox();
    BoundingBox filterBox = filter.boundingBox();
    BoundingBox sinkBox = sink.boundingBox();
    assertThat(filesBox.x).isLessThan(filterBox.x);
    assertThat(filterBox.x).isLessThan(sinkBox.x);
    assertThat(filterBox.y).isGreaterThan(sinkBox.y);
    double scale = (sinkBox.x - filesBox.x) / (sinkX - filesX);
    assertThat((filterBox.x - filesBox.x) / scale).isCloseTo(filterX - filesX, within(2.0));
    assertThat(page.locator(".react-flow__edge")).hasCount(2);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("History")).click();
    Locator history =
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Version history"));
    assertThat(history).containsText("Version 2");
    assertThat(history).containsText("files to PostgreSQL");
    page.keyboard().press("Escape");

    // Run it, drop files, see the rows arrive and the state turn to running; stop it.
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run")).click();
    Locator state =
        page.getByRole(AriaRole.STATUS, new Page.GetByRoleOptions().setName("Run state"));
    assertThat(state)
        .hasText(
            "running",
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(120_000));
    for (int file = 0; file < 3; file++) {
      StringBuilder csv = new StringBuilder("id,customer,amount\n");
      for (int i = 0; i < 100; i++) {
        int id = file * 100 + i;
        csv.append(id).append(",c").append(id).append(',').append(id % 20).append('\n');
      }
      Path tmp = inbox.resolve(".orders-" + file + ".csv.tmp");
      Files.writeString(tmp, csv);
      Files.move(tmp, inbox.resolve("orders-" + file + ".csv"));
    }
    // amount = id % 20 > 10 keeps 9 of every 20 records: 135 of 300.
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> count("SELECT count(*) FROM big_orders") == 135);
    assertThat(count("SELECT count(*) FROM big_orders WHERE amount <= 10")).isZero();
    chromium.screenshot("designer-running");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop")).click();
    assertThat(state)
        .hasText(
            "stopped",
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(60_000));
    assertThat(count("SELECT count(*) FROM big_orders")).isEqualTo(135);
  }

  private static Locator field(Locator form, String label) {
    return form.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
  }

  private void drop(Locator palette, String type, Locator canvas, double x, double y) {
    palette
        .locator("[data-node-type=\"" + type + "\"]")
        .dragTo(canvas, new Locator.DragToOptions().setTargetPosition(x, y));
  }

  /** Drags with the mouse from the output handle of {@code from} to the input of {@code to}. */
  private void connect(Locator from, Locator to) {
    BoundingBox out = from.locator(".react-flow__handle.source").boundingBox();
    BoundingBox in = to.locator(".react-flow__handle.target").boundingBox();
    page.mouse().move(out.x + out.width / 2, out.y + out.height / 2);
    page.mouse().down();
    page.mouse()
        .move(
            in.x + in.width / 2,
            in.y + in.height / 2,
            new com.microsoft.playwright.Mouse.MoveOptions().setSteps(10));
    page.mouse().up();
  }

  private static void fillList(Locator list, String... entries) {
    list.fill(String.join("\n", entries));
  }

  private long count(String sql) throws Exception {
    CatalogSettings db = target.settings();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
