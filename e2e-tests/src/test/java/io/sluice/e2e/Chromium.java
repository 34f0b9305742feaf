package io.sluice.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's Chromium driven by Playwright, headless, at 1280×800 (the smallest size the designer
 * supports). Playwright's own browser download is off: the tests use Debian's {@code chromium}
 * ({@code apt-get install chromium}), or the executable named by {@code SLUICE_TEST_CHROMIUM}.
 *
 * <p>Without a Chromium the browser tests are skipped with a message, except under CI ({@code
 * CI=true}), where a missing browser fails them.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.launch()) {
 *   Page page = chromium.page();
 *   page.navigate(sluice.baseUrl());
 *   chromium.screenshot("pipelines");
 * }
 * }</pre>
 */
final class Chromium implements AutoCloseable {
  private static final List<String> ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic");

  private final Playwright playwright;
  private final Browser browser;
  private final BrowserContext context;
  private final Page page;

  private Chromium(Playwright playwright, Browser browser, BrowserContext context, Page page) {
    this.playwright = playwright;
    this.browser = browser;
    this.context = context;
    this.page = page;
  }

  static Chromium launch() {
    Path executable = executable();
    // Expressions are checked by Flink's planner on the server, seconds on a busy machine: wait
    // for outcomes as long as for actions.
    PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(executable)
                      .setHeadless(true)
                      .setArgs(ARGS));
      BrowserContext context =
          browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
      context.setDefaultTimeout(30_000);
      return new Chromium(playwright, browser, context, context.newPage());
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  Page page() {
    return page;
  }

  /**
   * Logs this browser in as {@code admin} of {@code sluice}: the session cookie lands in the
   * browser's cookie jar, as after the login page. Call it once per test class, after {@link
   * #launch}.
   */
  Chromium logIn(SluiceProcess sluice) {
    APIResponse response =
        context
            .request()
            .post(
                sluice.baseUrl() + "/api/auth/login",
                RequestOptions.create()
                    .setHeader("content-type", "application/json")
                    .setData(Map.of("username", "admin", "password", sluice.adminPassword())));
    if (response.status() != 200) {
      throw new IllegalStateException(
          "The browser could not log in: " + response.status() + " " + response.text());
    }
    return this;
  }

  /** Saves a screenshot of the page as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    Path dir = Path.of(System.getProperty("sluice.screenshots", "target/screenshots"));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = dir.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file));
    return file;
  }

  private static Path executable() {
    String named = System.getenv("SLUICE_TEST_CHROMIUM");
    Path path = Path.of(named == null || named.isBlank() ? "/usr/bin/chromium" : named);
    if (!Files.isExecutable(path)) {
      String message =
          "No Chromium at "
              + path
              + ": install Debian's chromium (apt-get install chromium) or name one in"
              + " SLUICE_TEST_CHROMIUM";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    return path;
  }

  @Override
  public void close() {
    context.close();
    browser.close();
    playwright.close();
  }
}
