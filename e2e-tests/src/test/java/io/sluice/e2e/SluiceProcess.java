package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sluice running as a separate JVM, started the way {@code ./sluice} starts it (same main class,
 * same classpath as this test), with its own data directory and port.
 */
final class SluiceProcess implements AutoCloseable {
  /**
   * The password of {@code admin}, given to every Sluice these tests start (SLUICE_ADMIN_PASSWORD)
   * unless a test's env names another; {@link #send} logs in with it by itself.
   */
  static final String ADMIN_PASSWORD = "e2e-admin-password";

  private static final String READY = "Sluice is running at ";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final int port;
  private final String adminPassword;
  private volatile String sessionCookie;
  private volatile String csrfToken;

  private SluiceProcess(Process process, int port, String adminPassword) {
    this.process = process;
    this.port = port;
    this.adminPassword = adminPassword;
  }

  static SluiceProcess start(Path dataDir, Map<String, String> env) throws Exception {
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(frozenClassPath());
    command.add("io.sluice.server.Main");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SLUICE_DATA_DIR", dataDir.toString());
    builder.environment().put("SLUICE_PORT", Integer.toString(port));
    // Tests that want the first-start demo pipeline ask for it.
    builder.environment().put("SLUICE_DEMO", "false");
    // Tests keep their files in temporary directories: allow those besides the data directory.
    builder
        .environment()
        .put(
            "SLUICE_ALLOWED_ROOTS",
            dataDir + File.pathSeparator + Path.of(System.getProperty("java.io.tmpdir")));
    builder.environment().put("SLUICE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    builder.environment().putAll(env);
    SluiceProcess sluice =
        new SluiceProcess(
            builder.start(), port, builder.environment().get("SLUICE_ADMIN_PASSWORD"));
    sluice.awaitReady();
    return sluice;
  }

  private static String frozenClassPath;

  /**
   * This JVM's class path, with the jars built in this working tree ({@code target/}) copied aside
   * once. A test that restarts Sluice over minutes must restart the same code: another build in the
   * same tree (a second terminal, an IDE) may rewrite those jars meanwhile, and a JVM reads its
   * jars lazily, so a restarted Sluice would fail with {@code NoClassDefFoundError}.
   */
  private static synchronized String frozenClassPath() throws IOException {
    if (frozenClassPath == null) {
      Path copies = Files.createTempDirectory("sluice-classpath");
      List<String> entries = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (Files.isRegularFile(path)
            && path.toString().contains(File.separator + "target" + File.separator)) {
          Path copy = copies.resolve(entries.size() + "-" + path.getFileName());
          Files.copy(path, copy);
          entries.add(copy.toString());
        } else {
          entries.add(entry);
        }
      }
      frozenClassPath = String.join(File.pathSeparator, entries);
    }
    return frozenClassPath;
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** GETs {@code path} and asserts 200; the failure message carries the answer and the log. */
  JsonNode get(String path) throws Exception {
    return send("GET", path, null, 200);
  }

  /** The admin password this Sluice was started with. */
  String adminPassword() {
    return adminPassword;
  }

  /**
   * Adds the credentials of {@code admin} (a session cookie and its CSRF token, logging in first if
   * needed) to a request, for callers that build their own.
   */
  HttpRequest.Builder authorize(HttpRequest.Builder builder) throws Exception {
    if (sessionCookie == null) {
      logIn();
    }
    return builder.header("cookie", sessionCookie).header("x-csrf-token", csrfToken);
  }

  private synchronized void logIn() throws Exception {
    if (sessionCookie != null) {
      return;
    }
    String body =
        JSON.createObjectNode().put("username", "admin").put("password", adminPassword).toString();
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/login"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "login as admin answered %d: %s%nlog:%n%s"
              .formatted(response.statusCode(), response.body(), log()));
    }
    csrfToken = JSON.readTree(response.body()).path("csrfToken").asText();
    sessionCookie = response.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
  }

  /**
   * Sends a JSON request as {@code admin} and asserts the status; the failure message carries the
   * log.
   */
  JsonNode send(String method, String path, String body, int status) throws Exception {
    HttpRequest request =
        authorize(HttpRequest.newBuilder(URI.create(baseUrl() + path)))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != status) {
      throw new AssertionError(
          "%s %s answered %d, expected %d: %s%nlog:%n%s"
              .formatted(method, path, response.statusCode(), status, response.body(), log()));
    }
    return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
  }

  List<String> output() {
    return List.copyOf(output);
  }

  /** Stops Sluice the way a service manager does (SIGTERM) and waits for it to exit. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("Sluice did not stop within 60 s after SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  /**
   * Kills Sluice the way a crash or the OOM killer does (SIGKILL: no shutdown hook, no savepoint)
   * and waits for it to exit. Its embedded PostgreSQL outlives it; the next start on the same data
   * directory stops that orphan.
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("Sluice did not exit within 60 s after SIGKILL:\n" + log());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    return String.join("\n", output);
  }

  private void awaitReady() throws Exception {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                  if (line.startsWith(READY)) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new IllegalStateException("Sluice exited before it was ready:\n" + log()));
            },
            "sluice-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(180, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("Sluice was not ready within 180 s:\n" + log(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
