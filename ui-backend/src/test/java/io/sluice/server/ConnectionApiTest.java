package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.connectors.testing.S3Server;
import io.sluice.server.secrets.MasterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/connections} and the nodes that name connections, on a real server and catalog. */
class ConnectionApiTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static final String KEY_A = MasterKeys.newKeyText();
  private static Path dataDir;
  private static Path files;
  private static SluiceRuntime server;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    dataDir = TestDirs.fresh("connections");
    files = Files.createDirectories(dataDir.resolve("files"));
    server = startWith(KEY_A);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SluiceRuntime startWith(String keys) {
    SluiceConfig config = SluiceConfig.defaults(dataDir).withPort(0);
    return SluiceRuntime.start(
        config.withProtection(
            config.protection().withMasterKeys(keys).withAllowedRoots(List.of(dataDir))),
        CATALOG.catalog(),
        false);
  }

  private static String postgresConnection(String name, String password) {
    CatalogSettings db = CATALOG.settings();
    return """
        {"name": "%s", "kind": "postgres", "description": "the catalog itself",
         "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s"}}
        """
        .formatted(name, db.jdbcUrl(), db.user(), password);
  }

  private static JsonNode createPipeline(String name, String nodes) {
    return createPipeline(name, nodes, "");
  }

  private static JsonNode createPipeline(String name, String nodes, String edges) {
    ApiClient.Response created =
        api.post(
            "/api/pipelines",
            """
            {"name": "%s", "document": {"formatVersion": 1, "nodes": [%s], "edges": [%s]}}
            """
                .formatted(name, nodes, edges));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  @Test
  void aConnectionIsShownWithItsSecretMaskedAndItsSecretIsSealedInTheCatalog() {
    String secret = "pw-" + UUID.randomUUID();
    ApiClient.Response created = api.post("/api/connections", postgresConnection("shown", secret));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/api/connections/shown");
    assertThat(created.json().at("/config/password/set").asBoolean()).isTrue();
    assertThat(created.json().at("/config/user").asText()).isEqualTo(CATALOG.settings().user());
    for (ApiClient.Response r :
        List.of(created, api.get("/api/connections"), api.get("/api/connections/shown"))) {
      assertThat(r.status()).isEqualTo(200 + (r == created ? 1 : 0));
      assertThat(r.body()).doesNotContain(secret);
    }
    String stored =
        CATALOG
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT secrets::text FROM connections WHERE name = 'shown'")
                        .mapTo(String.class)
                        .one());
    assertThat(stored).doesNotContain(secret).contains("\"keyId\"", "\"ciphertext\"");
  }

  @Test
  void aSaveKeepsTheStoredSecretUnlessItSendsANewOneOrNull() {
    api.post("/api/connections", postgresConnection("kept", "first-secret"));
    String before = secretsOf("kept");

    ApiClient.Response kept =
        api.put(
            "/api/connections/kept",
            """
            {"config": {"jdbcUrl": "jdbc:postgresql://elsewhere/db", "password": {"set": true}}}
            """);
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.json().at("/config/jdbcUrl").asText())
        .isEqualTo("jdbc:postgresql://elsewhere/db");
    assertThat(kept.json().at("/config/password/set").asBoolean()).isTrue();
    assertThat(secretsOf("kept")).isEqualTo(before);

    ApiClient.Response cleared =
        api.put(
            "/api/connections/kept",
            """
            {"config": {"jdbcUrl": "jdbc:postgresql://elsewhere/db", "password": null}}
            """);
    assertThat(cleared.json().at("/config/password/set").asBoolean()).isFalse();
    assertThat(secretsOf("kept")).isEqualTo("{}");
  }

  @Test
  void badConnectionsGetEveryProblemAtOnceAndAreNotStored() {
    ApiClient.Response response =
        api.post(
            "/api/connections",
            """
            {"name": "Bad Name!", "kind": "postgres",
             "config": {"user": 5, "password": 12345, "colour": "red"}}
            """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().findValuesAsText("field"))
        .contains("name", "config.jdbcUrl", "config.user", "config.password", "config.colour");
    // A mistyped secret is not echoed.
    assertThat(response.body()).doesNotContain("12345");
    assertThat(api.get("/api/connections/Bad Name!".replace(" ", "%20")).status()).isEqualTo(404);

    ApiClient.Response unknownKind =
        api.post("/api/connections", "{\"name\": \"x\", \"kind\": \"ftp\", \"config\": {}}");
    assertThat(unknownKind.status()).isEqualTo(400);
    assertThat(unknownKind.json().findValuesAsText("field")).contains("kind");

    api.post("/api/connections", postgresConnection("twice", "s"));
    assertThat(api.post("/api/connections", postgresConnection("twice", "s")).status())
        .isEqualTo(409);
  }

  @Test
  void aNodeNamingAMissingConnectionOrOneOfAnotherKindHasAProblemOnThatField() {
    api.post(
        "/api/connections",
        """
        {"name": "brokers", "kind": "kafka", "config": {"bootstrapServers": "127.0.0.1:1"}}
        """);
    JsonNode missing =
        createPipeline(
            "names-missing",
            """
            {"id": "db", "type": "postgres", "config": {"connection": "nowhere", "table": "t"}}
            """);
    JsonNode wrongKind =
        createPipeline(
            "names-kafka",
            """
            {"id": "db", "type": "postgres", "config": {"connection": "brokers", "table": "t"}}
            """);

    assertThat(missing.at("/validation/problems"))
        .anySatisfy(
            p -> {
              assertThat(p.path("nodeId").asText()).isEqualTo("db");
              assertThat(p.path("field").asText()).isEqualTo("connection");
              assertThat(p.path("code").asText()).isEqualTo("unknown-connection");
            });
    assertThat(wrongKind.at("/validation/problems"))
        .anySatisfy(
            p -> {
              assertThat(p.path("field").asText()).isEqualTo("connection");
              assertThat(p.path("code").asText()).isEqualTo("wrong-connection-kind");
            });
  }

  @Test
  void aConnectionUsedByAPipelinesLatestVersionCannotBeDeleted() {
    api.post("/api/connections", postgresConnection("in-use", "s"));
    JsonNode pipeline =
        createPipeline(
            "uses-in-use",
            """
            {"id": "db", "type": "postgres", "config": {"connection": "in-use", "table": "t"}}
            """);

    ApiClient.Response refused = api.delete("/api/connections/in-use");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:connection-in-use");
    assertThat(refused.json().at("/pipelines/0/name").asText()).isEqualTo("uses-in-use");

    ApiClient.Response saved =
        api.put(
            "/api/pipelines/" + pipeline.path("id").asText(),
            "{\"baseVersion\": 1, \"document\": {\"formatVersion\": 1, \"nodes\": []}}");
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    assertThat(api.delete("/api/connections/in-use").status()).isEqualTo(204);
    assertThat(api.get("/api/connections/in-use").status()).isEqualTo(404);
  }

  @Test
  void aValidNodeOnAConnectionValidatesAndItsTestReachesTheDatabase() {
    api.post("/api/connections", postgresConnection("reachable", CATALOG.settings().password()));
    JsonNode pipeline =
        createPipeline(
            "uses-reachable",
            """
            {"id": "gen", "type": "generator", "config": {"count": 1}},
            {"id": "db", "type": "postgres", "config": {"connection": "reachable", "table": "t",
             "createTable": true}}
            """,
            RunFixtures.edge("gen", "db"));
    assertThat(pipeline.at("/validation/valid").asBoolean()).as(pipeline.toString()).isTrue();

    ApiClient.Response test = api.post("/api/connections/reachable/test", "");
    assertThat(test.status()).as(test.body()).isEqualTo(200);
    assertThat(test.json().path("ok").asBoolean()).as(test.body()).isTrue();

    api.post(
        "/api/connections",
        """
        {"name": "nobody-home", "kind": "postgres",
         "config": {"jdbcUrl": "jdbc:postgresql://127.0.0.1:1/db", "password": "not-the-password"}}
        """);
    ApiClient.Response failed = api.post("/api/connections/nobody-home/test", "");
    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.json().path("ok").asBoolean()).isFalse();
    assertThat(failed.body()).doesNotContain("not-the-password");
  }

  @Test
  void anS3ConnectionTestListsTheBucketAndNamesWhatIsWrongWithoutTheSecret() throws Exception {
    try (S3Server s3 = S3Server.start(TestDirs.fresh("connections-s3"))) {
      s3.connection("landing");
      api.post("/api/connections", s3Connection("s3-good", s3, "landing", S3Server.SECRET_KEY));
      ApiClient.Response good = api.post("/api/connections/s3-good/test", "");
      assertThat(good.status()).as(good.body()).isEqualTo(200);
      assertThat(good.json().path("ok").asBoolean()).as(good.body()).isTrue();
      assertThat(good.json().path("message").asText()).contains("s3://landing/");

      api.post(
          "/api/connections", s3Connection("s3-gone", s3, "no-such-bucket", S3Server.SECRET_KEY));
      ApiClient.Response gone = api.post("/api/connections/s3-gone/test", "");
      assertThat(gone.status()).as(gone.body()).isEqualTo(200);
      assertThat(gone.json().path("ok").asBoolean()).isFalse();
      assertThat(gone.json().path("message").asText())
          .isEqualTo("Bucket no-such-bucket does not exist.");

      String wrongSecret = "wrong-secret-" + UUID.randomUUID();
      api.post("/api/connections", s3Connection("s3-denied", s3, "landing", wrongSecret));
      ApiClient.Response denied = api.post("/api/connections/s3-denied/test", "");
      assertThat(denied.status()).as(denied.body()).isEqualTo(200);
      assertThat(denied.json().path("ok").asBoolean()).isFalse();
      assertThat(denied.json().path("message").asText()).contains("denied");
      assertThat(denied.body()).doesNotContain(wrongSecret);

      api.post(
          "/api/connections",
          s3Connection("s3-nowhere", "http://127.0.0.1:1", "landing", S3Server.SECRET_KEY));
      ApiClient.Response nowhere = api.post("/api/connections/s3-nowhere/test", "");
      assertThat(nowhere.status()).as(nowhere.body()).isEqualTo(200);
      assertThat(nowhere.json().path("ok").asBoolean()).isFalse();
      assertThat(nowhere.json().path("message").asText())
          .startsWith("Cannot reach S3 at http://127.0.0.1:1");
    }
  }

  private static String s3Connection(String name, S3Server s3, String bucket, String secret) {
    return s3Connection(name, s3.endpoint(), bucket, secret);
  }

  private static String s3Connection(String name, String endpoint, String bucket, String secret) {
    return """
        {"name": "%s", "kind": "s3",
         "config": {"endpoint": "%s", "bucket": "%s", "accessKey": "%s", "secretKey": "%s",
                    "pathStyle": true}}
        """
        .formatted(name, endpoint, bucket, S3Server.ACCESS_KEY, secret);
  }

  @Test
  void directoriesOutsideTheAllowedRootsOrEscapingThemAreProblemsOnTheNode() throws Exception {
    Path link = files.resolve("to-etc");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of("/etc"));
    for (String path :
        List.of(
            "/etc", files + "/../../../../etc", "relative/dir", link.toString(), link + "/ssl")) {
      JsonNode pipeline =
          createPipeline(
              "roots-" + UUID.randomUUID(),
              """
              {"id": "in", "type": "file-directory", "config": {"path": "%s", "fields": ["a: string"]}}
              """
                  .formatted(path));
      assertThat(pipeline.at("/validation/problems"))
          .as(path)
          .anySatisfy(
              p -> {
                assertThat(p.path("nodeId").asText()).isEqualTo("in");
                assertThat(p.path("field").asText()).isEqualTo("path");
                assertThat(p.path("code").asText()).isEqualTo("path-not-allowed");
              });
    }
    JsonNode inside =
        createPipeline(
            "roots-inside",
            """
            {"id": "in", "type": "file-directory", "config": {"path": "%s", "fields": ["a: string"]}},
            {"id": "out", "type": "file-directory-sink", "config": {"path": "%s/out/new"}}
            """
                .formatted(files, files));
    assertThat(inside.at("/validation/problems").toString()).doesNotContain("path-not-allowed");
  }

  @Test
  void aRotationSealsEverySecretWithTheNewKeyWhileTheOldKeyStillOpens() {
    String keyB = MasterKeys.newKeyText();
    api.post("/api/connections", postgresConnection("rotated", CATALOG.settings().password()));
    String idA = secretsOf("rotated").replaceAll(".*\"keyId\": ?\"([0-9a-f]+)\".*", "$1");

    try (SluiceRuntime both = startWith(keyB + "," + KEY_A)) {
      ApiClient second = new ApiClient(both.port());
      assertThat(second.post("/api/connections/rotated/test", "").json().path("ok").asBoolean())
          .as("the old key still opens")
          .isTrue();
      ApiClient.Response rotation = second.post("/api/admin/master-key/rotate", "");
      assertThat(rotation.status()).as(rotation.body()).isEqualTo(200);
      assertThat(rotation.json().path("secretsResealed").asInt()).isGreaterThanOrEqualTo(1);
    }
    assertThat(secretsOf("rotated")).doesNotContain(idA);
    try (SluiceRuntime onlyB = startWith(keyB)) {
      ApiClient third = new ApiClient(onlyB.port());
      assertThat(third.post("/api/connections/rotated/test", "").json().path("ok").asBoolean())
          .isTrue();
    }
    ApiClient.Response oldKeyOnly = api.post("/api/connections/rotated/test", "");
    assertThat(oldKeyOnly.status()).as(oldKeyOnly.body()).isEqualTo(503);
    assertThat(oldKeyOnly.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:secret-unavailable");
  }

  private static String secretsOf(String name) {
    return CATALOG
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT secrets::text FROM connections WHERE name = :n")
                    .bind("n", name)
                    .mapTo(String.class)
                    .one());
  }
}
