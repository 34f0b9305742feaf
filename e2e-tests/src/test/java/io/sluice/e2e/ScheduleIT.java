package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user schedules a pipeline in Chromium: a nightly cron window in Berlin time, sees when it fires
 * next, pauses it, and meets the server's explanation of a bad cron expression.
 */
class ScheduleIT {
  @TempDir Path dataDir;

  private SluiceProcess sluice;
  private Chromium chromium;
  private Page page;

  @BeforeEach
  void start() throws Exception {
    chromium = Chromium.launch();
    page = chromium.page();
    sluice = SluiceProcess.start(dataDir, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
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
    field(dialog, "Cron expression").fill("0 2 * * *");
    field(dialog, "Time zone").fill("Europe/Berlin");
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

  private static Locator field(Locator form, String label) {
    return form.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
  }

  private static Locator button(Locator dialog, String name) {
    return dialog.getByRole(
        AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }
}
