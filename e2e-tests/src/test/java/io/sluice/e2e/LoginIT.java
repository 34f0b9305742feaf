package io.sluice.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login page in a browser: what an anonymous visitor sees, a wrong and a right password,
 * logging out, and a viewer who is shown no controls to change anything. One Sluice and one browser
 * for the class; every test starts logged out.
 */
class LoginIT {
  @TempDir static Path dataDir;

  private static SluiceProcess sluice;
  private static Chromium chromium;
  private static Page page;

  @BeforeAll
  static void start() throws Exception {
    chromium = Chromium.launch();
    page = chromium.page();
    sluice = SluiceProcess.start(dataDir, Map.of());
    sluice.send(
        "POST",
        "/api/users",
        "{\"username\": \"vic\", \"role\": \"viewer\", \"password\": \"vic-password\"}",
        201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.screenshot("login-last");
      chromium.close();
    }
    if (sluice != null) {
      sluice.close();
    }
  }

  @BeforeEach
  void loggedOut() {
    page.context().clearCookies();
    page.navigate(sluice.baseUrl() + "/");
  }

  private static Locator loginForm() {
    return page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Log in"));
  }

  private static void logIn(String username, String password) {
    Locator form = loginForm();
    form.getByLabel("User name").fill(username);
    form.getByLabel("Password").fill(password);
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Log in")).click();
  }

  private static Locator pipelinesHeading() {
    return page.getByRole(
        AriaRole.HEADING, new Page.GetByRoleOptions().setName("Pipelines").setExact(true));
  }

  private static Locator newPipeline() {
    return page.getByRole(
        AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New pipeline").setExact(true));
  }

  @Test
  void anAnonymousVisitorSeesTheLoginFormAndAWrongPasswordKeepsItThereWithAMessage() {
    assertThat(loginForm()).isVisible();
    assertThat(pipelinesHeading()).hasCount(0);

    logIn("admin", "not-the-password");
    assertThat(loginForm().getByRole(AriaRole.ALERT))
        .hasText("The user name or password is wrong, or the user is disabled.");
    assertThat(loginForm()).isVisible();
    assertThat(pipelinesHeading()).hasCount(0);
  }

  @Test
  void theRightPasswordOpensThePipelinesAndLoggingOutReturnsToTheLoginForm() {
    logIn("admin", sluice.adminPassword());
    assertThat(pipelinesHeading()).isVisible();
    assertThat(newPipeline()).isVisible();
    assertThat(loginForm()).hasCount(0);

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
    assertThat(loginForm()).isVisible();
    assertThat(pipelinesHeading()).hasCount(0);
    // The session is gone on the server too, not only in the page.
    page.reload();
    assertThat(loginForm()).isVisible();
  }

  @Test
  void aViewerSeesThePipelinesButNoControlToCreateOne() {
    logIn("vic", "vic-password");
    assertThat(pipelinesHeading()).isVisible();
    assertThat(page.getByText("vic (viewer)")).isVisible();
    assertThat(newPipeline()).hasCount(0);
  }
}
