package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.sluice.catalog.AuditCatalog;
import io.sluice.catalog.UserCatalog;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.server.api.ErrorMapping;
import io.sluice.server.auth.AccessControl;
import io.sluice.server.auth.Audit;
import io.sluice.server.auth.AuthService;
import io.sluice.server.auth.LoginThrottle;
import io.sluice.server.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users, roles, sessions, CSRF, tokens and the audit log, through the real server. */
class AuthApiTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static SluiceRuntime server;
  private static ApiClient admin;
  private static ApiClient viewer;
  private static ApiClient editor;
  private static JsonNode openApi;

  @BeforeAll
  static void start() {
    server =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("auth")).withPort(0), CATALOG.catalog(), false);
    admin = new ApiClient(server.port());
    createUser("vera", "viewer");
    createUser("eddie", "editor");
    viewer = ApiClient.as(server.port(), "vera", "vera-password");
    editor = ApiClient.as(server.port(), "eddie", "eddie-password");
    openApi = ApiClient.anonymous(server.port()).get("/api/openapi.json").json();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String createUser(String name, String role) {
    ApiClient.Response created =
        admin.post(
            "/api/users",
            "{\"username\": \"%s\", \"role\": \"%s\", \"password\": \"%s-password\"}"
                .formatted(name, role, name));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asText();
  }

  private static void assertProblem(ApiClient.Response response, int status, String type) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("type").asText()).isEqualTo("urn:sluice:problem:" + type);
  }

  private record Operation(String method, String path, String role) {
    String concretePath() {
      return path.replace("{number}", "1")
          .replace("{type}", "generator")
          .replaceAll("\\{[A-Za-z]+\\}", UUID.randomUUID().toString());
    }
  }

  private static List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    openApi
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            ops.add(
                                new Operation(
                                    op.getKey().toUpperCase(Locale.ROOT),
                                    path.getKey(),
                                    op.getValue().path("x-sluice-role").asText()));
                          }
                        }));
    return ops;
  }

  @Test
  void everyRouteDeclaresARoleAndTheOpenApiDocumentNamesTheSameOne() {
    assertThat(AccessControl.undeclared(server.endpoints()))
        .as("routes registered without a Role")
        .isEmpty();
    Map<String, String> served = new TreeMap<>();
    for (ParsedEndpoint e : server.endpoints()) {
      Role role = AccessControl.roleOf(e.endpoint);
      served.put(e.endpoint.method.name() + " " + e.endpoint.path, role.wireName());
    }
    Map<String, String> documented = new TreeMap<>();
    for (Operation op : operations()) {
      documented.put(op.method() + " " + op.path(), op.role());
    }
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void everyGuardedRouteRefusesAnonymousCallersWith401() {
    ApiClient anonymous = ApiClient.anonymous(server.port());
    List<String> wrong = new ArrayList<>();
    for (Operation op : operations()) {
      if (op.role().equals("anyone")) {
        continue;
      }
      ApiClient.Response r =
          anonymous.send(op.method(), op.concretePath(), op.method().equals("GET") ? null : "{}");
      if (r.status() != 401
          || !r.contentType().startsWith("application/problem+json")
          || !r.json().path("type").asText().equals("urn:sluice:problem:unauthenticated")) {
        wrong.add(op.method() + " " + op.path() + " -> " + r.status() + " " + r.body());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyRouteRefusesCallersBelowItsRoleWith403() {
    // Below viewer there is only a user who must still change a reset password.
    String pending = createUser("pat", "admin");
    assertThat(
            admin
                .post("/api/users/" + pending + "/password", "{\"password\": \"reset-password\"}")
                .status())
        .isEqualTo(200);
    ApiClient mustChange = ApiClient.as(server.port(), "pat", "reset-password");
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Operation op : operations()) {
      ApiClient below =
          switch (op.role()) {
            case "admin" -> editor;
            case "editor" -> viewer;
            case "viewer" -> mustChange;
            default -> null;
          };
      if (below == null) {
        continue;
      }
      checked++;
      ApiClient.Response r =
          below.send(op.method(), op.concretePath(), op.method().equals("GET") ? null : "{}");
      String expected =
          op.role().equals("viewer") ? "password-change-required" : "insufficient-role";
      if (r.status() != 403
          || !r.contentType().startsWith("application/problem+json")
          || !r.json().path("type").asText().equals("urn:sluice:problem:" + expected)) {
        wrong.add(op.method() + " " + op.path() + " -> " + r.status() + " " + r.body());
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(wrong).isEmpty();
  }

  @Test
  void aRouteRegisteredWithoutARoleIsRefusedAndNamed() {
    AuthService auth =
        new AuthService(
            new UserCatalog(CATALOG.jdbi()), SluiceConfig.Auth.defaults(), Clock.systemUTC());
    Audit audit = new Audit(new AuditCatalog(CATALOG.jdbi()), null, Clock.systemUTC());
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              new ErrorMapping(SluiceServer.objectMapper()).register(config);
              new AccessControl(auth, audit).register(config.routes);
              config.routes.get("/api/forgotten", ctx -> ctx.result("secret"));
            });
    app.start("127.0.0.1", 0);
    try {
      assertThat(AccessControl.undeclared(app.unsafe.internalRouter.allHttpHandlers()))
          .containsExactly("GET /api/forgotten");
      assertProblem(
          ApiClient.anonymous(app.port()).get("/api/forgotten"), 403, "route-without-role");
    } finally {
      app.stop();
    }
  }

  @Test
  void aViewerReadsButCannotChangeAnEditorChangesAndTheAuditLogSaysWho() {
    assertThat(viewer.get("/api/pipelines").status()).isEqualTo(200);
    assertProblem(
        viewer.post("/api/pipelines", "{\"name\": \"by-viewer\"}"), 403, "insufficient-role");
    ApiClient.Response created = editor.post("/api/pipelines", "{\"name\": \"audited\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().at("/version/author").asText()).isEqualTo("eddie");

    JsonNode page = admin.get("/api/audit?action=pipeline&targetId=" + id).json();
    assertThat(page.path("entries")).hasSize(1);
    JsonNode entry = page.path("entries").get(0);
    assertThat(entry.path("actor").asText()).isEqualTo("eddie");
    assertThat(entry.path("action").asText()).isEqualTo("pipeline.create");
    assertThat(entry.path("targetType").asText()).isEqualTo("pipeline");
    assertThat(entry.path("remoteAddr").asText()).isNotBlank();
    assertThat(entry.path("userAgent").asText()).isNotBlank();
    assertProblem(editor.get("/api/audit"), 403, "insufficient-role");
    assertProblem(admin.get("/api/audit?limit=0"), 400, "invalid-query-parameter");
  }

  @Test
  void aCookieWriteWithoutTheCsrfTokenIsRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/auth/login"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"admin\", \"password\": \""
                            + ApiClient.ADMIN_PASSWORD
                            + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie).startsWith("sluice_session=").contains("HttpOnly");
    assertThat(setCookie.toLowerCase(Locale.ROOT)).contains("samesite=strict");
    String cookie = setCookie.split(";", 2)[0];
    HttpResponse<String> write =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/pipelines"))
                .header("cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"forged\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
    assertThat(write.body()).contains("urn:sluice:problem:csrf-token-invalid");
    ApiClient.Response me = admin.get("/api/auth/me");
    assertThat(me.json().at("/user/username").asText()).isEqualTo("admin");
    assertThat(me.json().path("via").asText()).isEqualTo("session");
  }

  @Test
  void apiTokensAreShownOnceListedWithoutSecretAndRevocable() {
    ApiClient.Response created = editor.post("/api/tokens", "{\"name\": \"ci\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.json().path("secret").asText();
    String tokenId = created.json().at("/token/id").asText();
    assertThat(secret).startsWith("sluice_");

    ApiClient.Response listed = editor.get("/api/tokens");
    assertThat(listed.body()).contains("\"ci\"").doesNotContain(secret.substring(20));
    assertProblem(editor.get("/api/tokens?all=true"), 403, "insufficient-role");
    assertThat(admin.get("/api/tokens?all=true").body()).contains(tokenId);

    ApiClient bearer = ApiClient.bearer(server.port(), secret);
    ApiClient.Response me = bearer.get("/api/auth/me");
    assertThat(me.json().path("via").asText()).as(me.body()).isEqualTo("token");
    // A bearer token needs no CSRF token: a browser never sends it by itself.
    assertThat(bearer.post("/api/pipelines", "{\"name\": \"by-token\"}").status()).isEqualTo(201);
    assertProblem(viewer.delete("/api/tokens/" + tokenId), 404, "not-found");
    assertThat(editor.delete("/api/tokens/" + tokenId).json().path("revokedAt").isTextual())
        .isTrue();
    assertProblem(bearer.get("/api/pipelines"), 401, "invalid-token");
    assertThat(admin.get("/api/audit?action=token&targetId=" + tokenId).json().path("entries"))
        .extracting(e -> e.path("action").asText())
        .containsExactly("token.revoke", "token.create");
  }

  @Test
  void failedLoginsAreAuditedAndThrottledPerUserAndAddress() {
    createUser("lou", "viewer");
    ApiClient anonymous = ApiClient.anonymous(server.port());
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      assertProblem(
          anonymous.post("/api/auth/login", "{\"username\": \"lou\", \"password\": \"wrong-one\"}"),
          401,
          "invalid-credentials");
    }
    assertProblem(
        anonymous.post(
            "/api/auth/login", "{\"username\": \"lou\", \"password\": \"lou-password\"}"),
        429,
        "too-many-login-attempts");
    JsonNode failed = admin.get("/api/audit?action=login.failed&actor=lou").json();
    assertThat(failed.path("entries")).hasSize(LoginThrottle.MAX_FAILURES + 1);
  }

  @Test
  void backendsSharingACatalogCountFailedLoginsTogether() {
    createUser("lena", "viewer");
    try (SluiceRuntime other =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("auth-other")).withPort(0),
            CATALOG.catalog(),
            false)) {
      ApiClient here = ApiClient.anonymous(server.port());
      ApiClient there = ApiClient.anonymous(other.port());
      String wrong = "{\"username\": \"lena\", \"password\": \"wrong-one\"}";
      for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
        assertProblem(
            (i % 2 == 0 ? here : there).post("/api/auth/login", wrong), 401, "invalid-credentials");
      }
      String right = "{\"username\": \"LENA\", \"password\": \"lena-password\"}";
      assertProblem(here.post("/api/auth/login", right), 429, "too-many-login-attempts");
      assertProblem(there.post("/api/auth/login", right), 429, "too-many-login-attempts");
    }
    // Kept where every backend, and a restarted one, finds it.
    Integer counted =
        CATALOG
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT failures FROM login_failures WHERE username_key = 'lena'")
                        .mapTo(Integer.class)
                        .one());
    assertThat(counted).isEqualTo(LoginThrottle.MAX_FAILURES);
  }

  @Test
  void aUserMustChangeAResetPasswordAndTheLastAdminCannotBeDemoted() {
    String id = createUser("rita", "editor");
    admin.post("/api/users/" + id + "/password", "{\"password\": \"temporary-1\"}");
    ApiClient rita = ApiClient.as(server.port(), "rita", "temporary-1");
    assertProblem(rita.get("/api/pipelines"), 403, "password-change-required");
    assertThat(rita.get("/api/auth/me").json().at("/user/mustChangePassword").asBoolean()).isTrue();
    ApiClient.Response changed =
        rita.post(
            "/api/auth/password",
            "{\"currentPassword\": \"temporary-1\", \"newPassword\": \"rita-own-pw\"}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(rita.get("/api/pipelines").status()).isEqualTo(200);

    assertProblem(
        admin.post(
            "/api/users", "{\"username\": \"x y\", \"role\": \"root\", \"password\": \"short\"}"),
        400,
        "invalid-request-body");
  }

  @Test
  void publicRoutesNeedNoLogin() {
    ApiClient anonymous = ApiClient.anonymous(server.port());
    assertThat(anonymous.get("/api/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/api/openapi.json").status()).isEqualTo(200);
    assertThat(anonymous.page("/").status()).isEqualTo(200);
    assertThat(anonymous.page("/login").status()).isEqualTo(200);
  }
}
