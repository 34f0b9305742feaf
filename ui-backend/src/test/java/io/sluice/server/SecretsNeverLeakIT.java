package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A pipeline runs on a stored connection whose password is a unique string, and that string is then
 * looked for everywhere it must not be: every API response (connections, pipelines, exported
 * versions, runs with their plans, problem documents), every log line written meanwhile, and every
 * row of every catalog table read as plain text.
 */
class SecretsNeverLeakIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String JAAS_PASSWORD = "jaas-" + UUID.randomUUID();
  private static final String ROLE = "loader_" + UUID.randomUUID().toString().substring(0, 8);

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static TestDatabase target;
  private static SluiceRuntime sluice;
  private static ApiClient api;
  private static RunFixtures runs;
  private static final List<ApiClient.Response> RESPONSES = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    target = TestPostgres.freshDatabase();
    // A role whose password is the secret, so the pipeline can only write with the connection's.
    sql(
        target.settings(),
        "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'",
        "GRANT ALL ON SCHEMA public TO " + ROLE);
    sluice =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("leaks")).withPort(0), CATALOG.catalog(), false);
    api = new ApiClient(sluice.port());
    runs = new RunFixtures(api, target);
  }

  @AfterAll
  static void stop() throws Exception {
    sluice.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    sql(target.settings(), "DROP OWNED BY " + ROLE);
    target.close();
    sql(TestPostgres.freshDatabase().settings(), "DROP ROLE IF EXISTS " + ROLE);
  }

  private static void sql(CatalogSettings db, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static ApiClient.Response keep(ApiClient.Response response) {
    RESPONSES.add(response);
    return response;
  }

  @Test
  void aPipelineRunsOnTheConnectionAndTheSecretAppearsNowhere() throws Exception {
    CatalogSettings db = target.settings();
    ApiClient.Response created =
        keep(
            api.post(
                "/api/connections",
                """
                {"name": "leaky", "kind": "postgres",
                 "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s"}}
                """
                    .formatted(db.jdbcUrl(), ROLE, PASSWORD)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    keep(
        api.post(
            "/api/connections",
            """
            {"name": "brokers", "kind": "kafka",
             "config": {"bootstrapServers": "127.0.0.1:1",
                        "properties": ["security.protocol=SASL_PLAINTEXT"],
                        "secretProperties": "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"u\\" password=\\"%s\\";"}}
            """
                .formatted(JAAS_PASSWORD)));
    // Refused requests that carry the secret: the problem documents must not repeat it.
    ApiClient.Response duplicate =
        keep(
            api.post(
                "/api/connections",
                """
                {"name": "leaky", "kind": "postgres",
                 "config": {"jdbcUrl": "%s", "password": "%s"}}
                """
                    .formatted(db.jdbcUrl(), PASSWORD)));
    assertThat(duplicate.status()).isEqualTo(409);
    ApiClient.Response invalid =
        keep(
            api.put(
                "/api/connections/leaky",
                """
                {"config": {"jdbcUrl": 42, "password": "%s", "user": ["%s"]}}
                """
                    .formatted(PASSWORD, PASSWORD)));
    assertThat(invalid.status()).isEqualTo(400);

    String id =
        runs.create(
            "on-a-connection",
            """
            {"id": "gen", "type": "generator", "config": {"seed": 1, "count": 200,
             "recordsPerSecond": 0}},
            {"id": "db", "type": "postgres",
             "config": {"connection": "leaky", "table": "leak_rows", "createTable": true}},
            {"id": "kafka", "type": "kafka-sink", "name": "unused but saved",
             "config": {"connection": "brokers", "topic": "t"}}
            """,
            RunFixtures.edge("gen", "db") + "," + RunFixtures.edge("gen", "kafka"),
            true);
    // The Kafka sink cannot run here (no broker): take it out again before the run.
    ApiClient.Response saved =
        keep(
            api.put(
                "/api/pipelines/" + id,
                """
                {"baseVersion": 1, "document": {"formatVersion": 1, "nodes": [
                  {"id": "gen", "type": "generator", "config": {"seed": 1, "count": 200,
                   "recordsPerSecond": 0}},
                  {"id": "db", "type": "postgres",
                   "config": {"connection": "leaky", "table": "leak_rows", "createTable": true}}],
                 "edges": [%s], "settings": {"checkpointInterval": "300ms"}}}
                """
                    .formatted(RunFixtures.edge("gen", "db"))));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    assertThat(saved.json().at("/validation/valid").asBoolean()).as(saved.body()).isTrue();

    ApiClient.Response started = keep(api.post("/api/pipelines/" + id + "/runs", ""));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String runId = started.json().path("id").asText();
    runs.awaitState(runId, "finished");
    assertThat(runs.query("SELECT count(*) FROM leak_rows"))
        .as("the rows were written as the connection's user")
        .isEqualTo(200);

    keep(api.post("/api/connections/leaky/test", ""));
    for (String path :
        List.of(
            "/api/connections",
            "/api/connections/leaky",
            "/api/connections/brokers",
            "/api/pipelines",
            "/api/pipelines/" + id,
            "/api/pipelines/" + id + "/versions/1",
            "/api/pipelines/" + id + "/versions/2",
            "/api/pipelines/" + id + "/runs",
            "/api/runs/" + runId)) {
      ApiClient.Response response = keep(api.get(path));
      assertThat(response.status()).as(path).isEqualTo(200);
    }
    JsonNode run = api.get("/api/runs/" + runId).json();
    assertThat(run.at("/plan/steps/1/settings/user").asText()).isEqualTo(ROLE);

    for (ApiClient.Response response : RESPONSES) {
      assertThat(response.body()).doesNotContain(PASSWORD, JAAS_PASSWORD);
    }
    for (ILoggingEvent event : List.copyOf(LOGS.list)) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(line).doesNotContain(PASSWORD, JAAS_PASSWORD);
    }
    assertThat(LOGS.list).as("the log capture saw the run").isNotEmpty();
    String catalog = catalogAsText();
    assertThat(catalog).contains("leaky", "ciphertext").doesNotContain(PASSWORD, JAAS_PASSWORD);
  }

  /** Every row of every table of the catalog's schema, as PostgreSQL prints it. */
  private static String catalogAsText() {
    return CATALOG
        .jdbi()
        .withHandle(
            h -> {
              StringBuilder all = new StringBuilder();
              List<String> tables =
                  h.createQuery(
                          """
                          SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)
                          FROM information_schema.tables
                          WHERE table_type = 'BASE TABLE'
                            AND table_schema NOT IN ('pg_catalog', 'information_schema')
                          """)
                      .mapTo(String.class)
                      .list();
              for (String table : tables) {
                h.createQuery("SELECT t::text FROM " + table + " t")
                    .mapTo(String.class)
                    .forEach(row -> all.append(table).append(' ').append(row).append('\n'));
              }
              return all.toString();
            });
  }
}
