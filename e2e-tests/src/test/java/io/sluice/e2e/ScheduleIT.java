package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user schedules a pipeline in Chromium: a nightly cron window in Berlin time, sees its next runs
 * while typing and when it fires next once saved, pauses it, and meets the server's explanation of
 * a bad cron expression; and sees the history of a schedule's runs with their records, and the
 * schedule on the list of pipelines.
 */
class ScheduleIT {
  @TempDir static Path dataDir;

  // One Sluice and one browser for the class: the tests use pipelines of their own.
  private static SluiceProcess sluice;
  private static Chromium chromium;
  private static Page page;

  @BeforeAll
  static void start() throws Exception {
    chromium = Chromium.launch();
    page = chromium.page();
    sluice = SluiceProcess.start(dataDir, Map.of());
    chromium.logIn(sluice);
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.screenshot("schedule-last");
      chromium.close();
    }
    if (sluice != null) {
      sluice.close();
    }
  }

  @Test
  void aUserSchedulesANightlyWindowPausesItAndSeesABadCronExplained() throws Exception {
    String id =
        sluice.send("POST", "/api/pipelines", "{\"name\": \"nightly\"}", 201).path("id").asText();
    page.navigate(sluice.baseUrl() + "/pipelines/" + id);
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasText("nightly");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Schedule").setExact(true))
        .click();
    Locator dialog =
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Schedule"));
    assertThat(dialog).containsText("No schedule");
    field(dialog, "Kind").selectOption("cron");
    field(dialog, "Time zone").fill("Europe/Berlin");
    Locator cron = field(dialog, "Cron expression");
    cron.fill("0 2 * * *");

    // While editing, before anything is saved: the next runs as the server works them out.
    Locator preview =
        dialog
            .getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Next runs preview"))
            .getByRole(AriaRole.LISTITEM);
    assertThat(preview).hasCount(5);
    for (int i = 0; i < 5; i++) {
      assertThat(preview.nth(i)).containsText("02:00");
      assertThat(preview.nth(i)).containsText("(Europe/Berlin)");
    }
    sluice.send("GET", "/api/pipelines/" + id + "/schedule", null, 404); // previewing saved nothing

    // A bad expression being typed is marked at the field with the server's explanation.
    cron.fill("0 2 * *");
    assertThat(cron).hasAttribute("aria-invalid", "true");
    String why =
        sluice
            .send("GET", "/api/pipelines/" + id + "/schedule/next?cron=0%202%20*%20*", null, 400)
            .at("/errors/0/message")
            .asText();
    assertThat(page.locator("[id='" + cron.getAttribute("aria-describedby") + "']")).hasText(why);
    cron.fill("0 2 * * *");
    assertThat(cron).not().hasAttribute("aria-invalid", "true");

    field(dialog, "Run for").fill("1h");
    button(dialog, "Save schedule").click();

    // The next fire times the server answered, each at 02:00 Berlin time.
    Locator times =
        dialog
            .getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Next fire times"))
            .getByRole(AriaRole.LISTITEM);
    assertThat(times).hasCount(3);
    for (int i = 0; i < 3; i++) {
      assertThat(times.nth(i)).containsText("02:00");
      assertThat(times.nth(i)).containsText("(Europe/Berlin)");
    }
    Locator status =
        dialog.getByRole(
            AriaRole.STATUS, new Locator.GetByRoleOptions().setName("Schedule status"));
    assertThat(status).hasText("active");
    assertThat(dialog).containsText("at 02:00, for 1h (Europe/Berlin)");

    JsonNode stored = sluice.get("/api/pipelines/" + id + "/schedule");
    assertThat(stored.path("kind").asText()).isEqualTo("cron");
    assertThat(stored.path("cron").asText()).isEqualTo("0 2 * * *");
    assertThat(stored.path("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(stored.path("runFor").asText()).isEqualTo("1h");

    // Pause: the dialog and the API say paused; Resume is offered instead.
    button(dialog, "Pause").click();
    assertThat(status).hasText("paused");
    assertThat(button(dialog, "Resume")).isVisible();
    assertThat(sluice.get("/api/pipelines/" + id + "/schedule").path("paused").asBoolean())
        .isTrue();
    chromium.screenshot("schedule");

    // A minute of 61 is refused; the dialog shows the server's own words.
    JsonNode refused =
        sluice.send(
            "PUT",
            "/api/pipelines/" + id + "/schedule",
            "{\"kind\": \"cron\", \"cron\": \"61 * * * *\", \"runFor\": \"1h\"}",
            400);
    String message = refused.at("/errors/0/message").asText();
    assertThat(message).contains("61");
    field(dialog, "Cron expression").fill("61 * * * *");
    button(dialog, "Save schedule").click();
    Locator alert = dialog.getByRole(AriaRole.ALERT);
    assertThat(alert).containsText(message);
    assertThat(alert).containsText(refused.path("detail").asText());
    chromium.screenshot("schedule-bad-cron");
    assertThat(sluice.get("/api/pipelines/" + id + "/schedule").path("cron").asText())
        .isEqualTo("0 2 * * *");
  }

  @Test
  void theScheduleShowsTheHistoryOfItsRunsWithTheirRecordsAndTheListShowsTheSchedule()
      throws Exception {
    String document =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "gen", "type": "generator", "config": {"seed": 3, "count": 300, "recordsPerSecond": 0}},
           {"id": "out", "type": "file-directory-sink", "config": {"path": %s}}],
         "edges": [{"from": {"node": "gen"}, "to": {"node": "out"}}]}
        """
            .formatted(SigkillHarness.quote(dataDir.resolve("backfill-out").toString()));
    String id =
        sluice
            .send(
                "POST",
                "/api/pipelines",
                "{\"name\": \"backfill\", \"document\": " + document + "}",
                201)
            .path("id")
            .asText();
    sluice.send("POST", "/api/pipelines/" + id + "/schedule", "{\"kind\": \"backfill\"}", 201);
    org.awaitility.Awaitility.await("the backfill finished with its records counted")
        .atMost(java.time.Duration.ofMinutes(2))
        .pollInterval(java.time.Duration.ofMillis(500))
        .until(
            () -> {
              JsonNode runs = sluice.get("/api/pipelines/" + id + "/schedule/runs");
              return runs.size() == 1
                  && runs.get(0).path("state").asText().equals("finished")
                  && runs.get(0).path("recordsIn").asLong() == 300;
            });

    page.navigate(sluice.baseUrl() + "/");
    Locator row =
        page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("backfill"));
    assertThat(row).containsText("backfill, done");

    page.navigate(sluice.baseUrl() + "/pipelines/" + id);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Schedule").setExact(true))
        .click();
    Locator dialog =
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Schedule"));
    Locator runs =
        dialog
            .getByRole(
                AriaRole.TABLE, new Locator.GetByRoleOptions().setName("Runs of the schedule"))
            .getByRole(AriaRole.ROW);
    assertThat(runs).hasCount(2); // the header and the one run
    Locator cells = runs.nth(1).getByRole(AriaRole.CELL);
    assertThat(cells.nth(2)).containsText("finished");
    assertThat(cells.nth(3)).hasText("300");
    assertThat(cells.nth(4)).hasText("300");
    assertThat(cells.nth(1)).not().hasText("—");
    chromium.screenshot("schedule-history");
  }

  private static Locator field(Locator form, String label) {
    return form.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
  }

  private static Locator button(Locator dialog, String name) {
    return dialog.getByRole(
        AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }
}
