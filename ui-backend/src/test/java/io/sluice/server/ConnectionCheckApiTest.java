package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/node-types/{type}/check} against a real server: real checks of the catalog's
 * PostgreSQL, of directories, and of a Kafka address where no broker answers (the checks against a
 * running broker are in connectors' {@code KafkaConnectionCheckIT}); problems for requests that
 * cannot be checked.
 */
class ConnectionCheckApiTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static SluiceRuntime server;
  private static ApiClient api;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() {
    server =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("check")).withPort(0), CATALOG.catalog(), false);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aReachablePostgresWithoutTheTableIsFineWhenTheSinkMayCreateIt() {
    CatalogSettings db = CATALOG.settings();
    String config =
        """
        {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "no_such_table"%s}
        """;
    String base =
        config.formatted(db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password(), "%s");

    JsonNode missing = check("postgres", base.formatted(""), 200);
    assertThat(missing.path("ok").asBoolean()).isFalse();
    assertThat(missing.path("message").asText())
        .isEqualTo(
            "Connected, but table no_such_table does not exist; create it or turn on 'Create the"
                + " table if missing'.");
    assertThat(missing.at("/details/tableExists").asBoolean()).isFalse();

    JsonNode created = check("postgres", base.formatted(", \"createTable\": true"), 200);
    assertThat(created.path("ok").asBoolean()).as(created.toString()).isTrue();
    assertThat(created.path("message").asText()).contains("will be created");
  }

  @Test
  void kafkaWithoutABrokerIsAFailedCheckNotAnError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JsonNode result =
        check(
            "kafka-sink",
            "{\"bootstrapServers\": \"127.0.0.1:%d\", \"topic\": \"orders\"}".formatted(port),
            200);

    assertThat(result.path("ok").asBoolean()).isFalse();
    assertThat(result.path("message").asText())
        .startsWith("No answer from Kafka at 127.0.0.1:" + port);
  }

  @Test
  void aDirectorySourceNeedsAnExistingDirectory() {
    JsonNode ok =
        check(
            "file-directory", "{\"path\": \"%s\", \"fields\": [\"id: long\"]}".formatted(tmp), 200);
    assertThat(ok.path("ok").asBoolean()).isTrue();
    JsonNode missing =
        check(
            "file-directory",
            "{\"path\": \"%s/gone\", \"fields\": [\"id: long\"]}".formatted(tmp),
            200);
    assertThat(missing.path("ok").asBoolean()).isFalse();
    assertThat(missing.path("message").asText()).endsWith("/gone does not exist.");
  }

  @Test
  void aLogTailCheckSaysWhichFilesMatchItsPattern() throws Exception {
    java.nio.file.Files.writeString(tmp.resolve("app.log"), "line\n");
    JsonNode result =
        check("log-tail", "{\"path\": \"%s\", \"filePattern\": \"*.log\"}".formatted(tmp), 200);
    assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("message").asText()).contains("1 file(s) match *.log");
    assertThat(result.at("/details/matchingFiles/0").asText()).isEqualTo("app.log");
  }

  @Test
  void aConfigThatDoesNotValidateIsA422WithTheFieldProblems() {
    ApiClient.Response response =
        api.post(
            "/api/node-types/kafka/check",
            "{\"config\": {\"bootstrapServers\": \"nohost\", \"topicPattern\": \"(\"}}");

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("type").asText()).isEqualTo("urn:sluice:problem:invalid-node-config");
    assertThat(problem.path("errors").findValuesAsText("field"))
        .contains("config.bootstrapServers", "config.topicPattern", "config.fields");
  }

  @Test
  void typesWithoutAConnectionAndUnknownTypesAre404AndABadBodyIs400() {
    ApiClient.Response filter =
        api.post("/api/node-types/filter/check", "{\"config\": {\"condition\": \"true\"}}");
    assertThat(filter.status()).isEqualTo(404);
    assertThat(filter.json().path("detail").asText()).contains("no connection to check");

    assertThat(api.post("/api/node-types/mqtt/check", "{\"config\": {}}").status()).isEqualTo(404);

    ApiClient.Response bad =
        api.post("/api/node-types/kafka/check", "{\"config\": [], \"extra\": 1}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("config", "extra");
  }

  @Test
  void theNodeTypesSayWhichCanBeChecked() {
    JsonNode types = api.get("/api/node-types").json();
    for (JsonNode type : types) {
      // Sources and sinks reach something outside; transforms and the generator do not.
      boolean expected =
          !type.path("role").asText().equals("transform")
              && !type.path("type").asText().equals("generator");
      assertThat(type.path("connectionCheck").asBoolean())
          .as(type.path("type").asText())
          .isEqualTo(expected);
    }
  }

  private static JsonNode check(String type, String config, int status) {
    ApiClient.Response response =
        api.post("/api/node-types/" + type + "/check", "{\"config\": " + config + "}");
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    return response.json();
  }
}
