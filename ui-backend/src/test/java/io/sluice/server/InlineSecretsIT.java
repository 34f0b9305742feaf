package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.server.secrets.InlineSecrets;
import io.sluice.server.secrets.MasterKeys;
import io.sluice.server.secrets.SecretBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A password typed into a postgres sink node's own config: the pipeline writes with it, later
 * versions keep it with {@code {"set": true}}, a rotation re-seals it, and the string appears in no
 * API response, no log line and no row of any catalog table. The same holds for a secret Kafka
 * property typed into a node's producer properties and for the password of a PostgreSQL dead-letter
 * table in the settings. A catalog written before inline secrets were sealed is sealed at start-up.
 */
class InlineSecretsIT {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  private static final String PASSWORD = "inline-" + UUID.randomUUID();
  private static final String ROLE = "inline_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String KEY_A = MasterKeys.newKeyText();

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static Path dataDir;
  private static Path hbaFile;
  private static String hbaBefore;
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
    // A role whose password is the secret: the pipeline can only write with the typed one.
    sql(
        target.settings(),
        "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'",
        "GRANT ALL ON SCHEMA public TO " + ROLE);
    // The test server trusts loopback; this role alone must give its password, so a pipeline
    // that connects as it proves the password reached the connector.
    hbaFile = Path.of(query(target.settings(), "SHOW hba_file"));
    hbaBefore = Files.readString(hbaFile);
    Files.writeString(
        hbaFile,
        "host all "
            + ROLE
            + " 127.0.0.1/32 scram-sha-256\nhost all "
            + ROLE
            + " ::1/128 scram-sha-256\n"
            + hbaBefore);
    query(target.settings(), "SELECT pg_reload_conf()");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !canLogIn(target.settings().jdbcUrl(), ROLE, "not the password"));
    assertThat(canLogIn(target.settings().jdbcUrl(), ROLE, PASSWORD)).isTrue();
    dataDir = TestDirs.fresh("inline-secrets");
    sluice = startWith(KEY_A);
    api = new ApiClient(sluice.port());
    runs = new RunFixtures(api, target);
  }

  @AfterAll
  static void stop() throws Exception {
    sluice.close();
    Files.writeString(hbaFile, hbaBefore);
    query(target.settings(), "SELECT pg_reload_conf()");
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    sql(target.settings(), "DROP OWNED BY " + ROLE);
    target.close();
    sql(TestPostgres.freshDatabase().settings(), "DROP ROLE IF EXISTS " + ROLE);
  }

  /** Every master key a server of this test was given, to open what any of them sealed. */
  private static final java.util.Set<String> KEYS_SEEN = new java.util.LinkedHashSet<>();

  private static SluiceRuntime startWith(String keys) {
    KEYS_SEEN.addAll(List.of(keys.split(",")));
    SluiceConfig config = SluiceConfig.defaults(dataDir).withPort(0);
    return SluiceRuntime.start(
        config.withProtection(config.protection().withMasterKeys(keys)), CATALOG.catalog(), false);
  }

  private static String query(CatalogSettings db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        var rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static boolean canLogIn(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return true;
    } catch (java.sql.SQLException e) {
      return false;
    }
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

  private static String sink(String table, String password) {
    return """
        {"id": "db", "type": "postgres",
         "config": {"jdbcUrl": "%s", "user": "%s", "password": %s, "table": "%s",
                    "createTable": true}}
        """
        .formatted(target.settings().jdbcUrl(), ROLE, password, table);
  }

  private static String generator(int count) {
    return """
        {"id": "gen", "type": "generator", "config": {"seed": 1, "count": %d,
         "recordsPerSecond": 0}}
        """
        .formatted(count);
  }

  private static String document(String nodes) {
    return """
        {"formatVersion": 1, "nodes": [%s], "edges": [%s],
         "settings": {"checkpointInterval": "300ms"}}
        """
        .formatted(nodes, RunFixtures.edge("gen", "db"));
  }

  private static ApiClient.Response save(String id, int base, String nodes) {
    return keep(
        api.put(
            "/api/pipelines/" + id,
            "{\"baseVersion\": " + base + ", \"document\": " + document(nodes) + "}"));
  }

  private static String runToTheEnd(String id) {
    // From scratch: each version writes its own rows, whatever the last run left behind.
    ApiClient.Response started =
        keep(api.post("/api/pipelines/" + id + "/runs", "{\"resetState\": true}"));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String runId = started.json().path("id").asText();
    runs.awaitState(runId, "finished");
    return runId;
  }

  @Test
  void anInlinePasswordWritesKeepsAcrossVersionsAndAppearsNowhere() throws Exception {
    ApiClient.Response created =
        keep(
            api.post(
                "/api/pipelines",
                "{\"name\": \"inline\", \"document\": "
                    + document(generator(100) + "," + sink("inline_rows", "\"" + PASSWORD + "\""))
                    + "}"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/validation/valid").asBoolean()).as(created.body()).isTrue();
    assertThat(created.json().at("/version/document/nodes/1/config/password/set").asBoolean())
        .as(created.body())
        .isTrue();
    String id = created.json().path("id").asText();

    String first = runToTheEnd(id);
    assertThat(runs.query("SELECT count(*) FROM inline_rows"))
        .as("the rows were written as the role whose password was typed into the node")
        .isEqualTo(100);
    // The metrics of the run are read per node, which needs the node's secret opened too.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              JsonNode live = api.get("/api/pipelines/" + id + "/metrics/live").json();
              assertThat(live.at("/metrics/nodes").findValuesAsText("nodeId"))
                  .as(live.toString())
                  .contains("gen", "db");
            });

    // The designer sends back what it was shown: the secret is kept for the new version.
    ApiClient.Response kept =
        save(id, 1, generator(50) + "," + sink("inline_kept", "{\"set\": true}"));
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.json().at("/version/document/nodes/1/config/password/set").asBoolean())
        .isTrue();
    String second = runToTheEnd(id);
    assertThat(runs.query("SELECT count(*) FROM inline_kept"))
        .as("version 2 wrote with the password kept from version 1")
        .isEqualTo(50);

    // A connection check of the unsaved form uses the stored secret of that node.
    String checkConfig =
        """
        {"jdbcUrl": "%s", "user": "%s", "password": {"set": true}, "table": "inline_kept"}
        """
            .formatted(target.settings().jdbcUrl(), ROLE);
    ApiClient.Response check =
        keep(
            api.post(
                "/api/node-types/postgres/check",
                "{\"secretsOf\": \""
                    + id
                    + "\", \"nodeId\": \"db\", \"config\": "
                    + checkConfig
                    + "}"));
    assertThat(check.status()).as(check.body()).isEqualTo(200);
    assertThat(check.json().path("ok").asBoolean()).as(check.body()).isTrue();
    ApiClient.Response withoutSecret =
        keep(api.post("/api/node-types/postgres/check", "{\"config\": " + checkConfig + "}"));
    assertThat(withoutSecret.json().path("ok").asBoolean())
        .as("without the stored secret the role cannot log in: " + withoutSecret.body())
        .isFalse();

    // Kept with nothing stored is refused; a mistyped secret is refused without repeating it.
    ApiClient.Response unknown =
        keep(
            api.post(
                "/api/pipelines",
                "{\"name\": \"no secret\", \"document\": "
                    + document(generator(1) + "," + sink("t", "{\"set\": true}"))
                    + "}"));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.json().at("/errors/0/code").asText()).isEqualTo("secret-not-stored");
    ApiClient.Response mistyped =
        save(id, 2, generator(1) + "," + sink("t", "[\"" + PASSWORD + "\"]"));
    assertThat(mistyped.status()).as(mistyped.body()).isEqualTo(422);
    ApiClient.Response validated =
        keep(
            api.post("/api/validate", document(generator(1) + "," + sink("t", "{\"set\": true}"))));
    assertThat(validated.json().path("valid").asBoolean()).as(validated.body()).isTrue();

    for (String path :
        List.of(
            "/api/pipelines",
            "/api/pipelines/" + id,
            "/api/pipelines/" + id + "/versions",
            "/api/pipelines/" + id + "/versions/1",
            "/api/pipelines/" + id + "/versions/2",
            "/api/pipelines/" + id + "/runs",
            "/api/runs/" + first,
            "/api/runs/" + second)) {
      ApiClient.Response response = keep(api.get(path));
      assertThat(response.status()).as(path).isEqualTo(200);
    }
    JsonNode version1 = api.get("/api/pipelines/" + id + "/versions/1").json();
    assertThat(version1.at("/document/nodes/1/config/password/set").asBoolean())
        .as("an exported version shows only that a secret is set")
        .isTrue();
    JsonNode run = api.get("/api/runs/" + second).json();
    assertThat(run.at("/plan/steps/1/settings/user").asText()).as(run.toString()).isEqualTo(ROLE);

    // Null removes it from the next version; the earlier ones keep theirs.
    ApiClient.Response removed = save(id, 2, generator(1) + "," + sink("inline_rows", "null"));
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().at("/version/document/nodes/1/config").has("password")).isFalse();
    assertThat(secretRows(id)).isEqualTo(2);

    // A rotation seals the stored secrets again with the new key; the old key can then go.
    String keyB = MasterKeys.newKeyText();
    sluice.close();
    try (SluiceRuntime both = startWith(keyB + "," + KEY_A)) {
      ApiClient second2 = new ApiClient(both.port());
      ApiClient.Response rotation = keep(second2.post("/api/admin/master-key/rotate", ""));
      assertThat(rotation.status()).as(rotation.body()).isEqualTo(200);
      // Those of this pipeline's versions 1 and 2, and any of the other test's pipeline.
      assertThat(rotation.json().path("pipelineSecretsResealed").asInt()).isGreaterThanOrEqualTo(2);
    }
    sluice = startWith(keyB);
    api = new ApiClient(sluice.port());
    runs = new RunFixtures(api, target);
    ApiClient.Response back = save(id, 3, generator(7) + "," + sink("inline_rotated", "\"x\""));
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    // Version 4 gets a new (wrong) password; version 2, run again, still has the right one.
    ApiClient.Response rerun =
        keep(api.post("/api/pipelines/" + id + "/runs", "{\"version\": 2, \"resetState\": true}"));
    assertThat(rerun.status()).as(rerun.body()).isEqualTo(201);
    runs.awaitState(rerun.json().path("id").asText(), "finished");
    assertThat(runs.query("SELECT count(*) FROM inline_kept"))
        .as("version 2 ran again after the rotation, with only the new key configured")
        .isEqualTo(100);

    for (ApiClient.Response response : RESPONSES) {
      assertThat(response.body()).doesNotContain(PASSWORD);
    }
    for (ILoggingEvent event : List.copyOf(LOGS.list)) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(line).doesNotContain(PASSWORD);
    }
    assertThat(LOGS.list).as("the log capture saw the runs").isNotEmpty();
    assertThat(catalogAsText()).contains("ciphertext").doesNotContain(PASSWORD);
  }

  @Test
  void aCatalogWithPlainInlineSecretsIsSealedAtStartUp() throws Exception {
    String plain = "legacy-" + UUID.randomUUID();
    UUID id = UUID.randomUUID();
    // As an older Sluice stored it: the passwords inside the version's document.
    String legacy =
        """
        {"formatVersion": 1, "nodes": [%s, %s,
           {"id": "out", "type": "kafka-sink",
            "config": {"bootstrapServers": "127.0.0.1:9", "topic": "t",
                       "producerProperties": ["acks=all",
                                              "sasl.jaas.config=x password=\\"%s\\";"]}}],
         "edges": [%s, %s],
         "settings": {"deadLetter": {"type": "postgres", "jdbcUrl": "%s",
                                     "password": "%s-dl", "table": "dl"}}}
        """
            .formatted(
                generator(3),
                sink("legacy_rows", "\"" + plain + "\""),
                plain,
                RunFixtures.edge("gen", "db"),
                RunFixtures.edge("gen", "out"),
                target.settings().jdbcUrl(),
                plain);
    CATALOG
        .jdbi()
        .useTransaction(
            h -> {
              h.createUpdate(
                      "INSERT INTO pipelines (id, name, latest_version) VALUES (:id, :name, 1)")
                  .bind("id", id)
                  .bind("name", "legacy " + id)
                  .execute();
              h.createUpdate(
                      """
                      INSERT INTO pipeline_versions (pipeline_id, number, document, author)
                      VALUES (:id, 1, CAST(:doc AS jsonb), 'old')
                      """)
                  .bind("id", id)
                  .bind("doc", legacy)
                  .execute();
            });
    assertThat(catalogAsText()).contains(plain);

    try (SluiceRuntime restarted = startWith(KEY_A)) {
      assertThat(catalogAsText()).doesNotContain(plain);
      assertThat(secretRows(id.toString()))
          .as("the sink's password, the Kafka property, the dead-letter password")
          .isEqualTo(3);
      ApiClient client = new ApiClient(restarted.port());
      JsonNode shown = client.get("/api/pipelines/" + id).json();
      assertThat(shown.at("/version/document/nodes/1/config/password/set").asBoolean())
          .as(shown.toString())
          .isTrue();
      assertThat(shown.at("/version/document/nodes/2/config/producerProperties").toString())
          .isEqualTo("[\"acks=all\",{\"key\":\"sasl.jaas.config\",\"set\":true}]");
      assertThat(shown.at("/version/document/settings/deadLetter/password/set").asBoolean())
          .as(shown.toString())
          .isTrue();
      assertThat(shown.toString()).doesNotContain(plain);
      assertThat(opened(id.toString(), 1).toString())
          .contains("sasl.jaas.config=x password=\\\"" + plain)
          .contains("\"password\":\"" + plain + "-dl\"");
    }
  }

  @Test
  void aSecretKafkaPropertyIsSealedKeptAndReachesTheProducer() throws Exception {
    String secret = "kafka-" + UUID.randomUUID();
    try (KafkaBroker kafka = KafkaBroker.start()) {
      kafka.createTopic("inline-out", 1);
      ApiClient.Response created =
          keep(
              api.post(
                  "/api/pipelines",
                  "{\"name\": \"inline kafka\", \"document\": "
                      + kafkaDocument(kafka, 20, "\"ssl.key.password=" + secret + "\"")
                      + "}"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json().at("/validation/valid").asBoolean()).as(created.body()).isTrue();
      JsonNode properties =
          created.json().at("/version/document/nodes/1/config/producerProperties");
      assertThat(properties.toString())
          .as("the plain property stays, the secret one shows only that it is set")
          .contains("\"client.id=inline-secrets\"")
          .contains("{\"key\":\"ssl.key.password\",\"set\":true}");
      String id = created.json().path("id").asText();
      assertThat(catalogAsText()).doesNotContain(secret);

      // The designer sends back what it was shown: the property is kept for the new version.
      ApiClient.Response kept =
          keep(
              api.put(
                  "/api/pipelines/" + id,
                  "{\"baseVersion\": 1, \"document\": "
                      + kafkaDocument(kafka, 30, properties.get(1).toString())
                      + "}"));
      assertThat(kept.status()).as(kept.body()).isEqualTo(200);
      assertThat(opened(id, 2).toString())
          .as("the document compiled for a run of version 2 gives the producer the property")
          .contains("ssl.key.password=" + secret);

      String run = runToTheEnd(id);
      assertThat(kafka.readCommitted("inline-out", 30, Duration.ofSeconds(60)))
          .as("the producer ran with the property")
          .hasSize(30);
      JsonNode plan = keep(api.get("/api/runs/" + run)).json();
      assertThat(plan.at("/plan/steps/1/settings/producerProperties").toString())
          .as(plan.toString())
          .contains("ssl.key.password");

      // A secret property kept with nothing stored is refused, on that node's list.
      ApiClient.Response unknown =
          keep(
              api.post(
                  "/api/pipelines",
                  "{\"name\": \"no kafka secret\", \"document\": "
                      + kafkaDocument(kafka, 1, "{\"key\": \"sasl.jaas.config\", \"set\": true}")
                      + "}"));
      assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
      assertThat(unknown.json().at("/errors/0/code").asText()).isEqualTo("secret-not-stored");
      assertThat(unknown.json().at("/errors/0/field").asText())
          .isEqualTo("config.producerProperties");
    }
    assertNowhere(secret);
  }

  @Test
  void aDeadLetterPasswordIsSealedKeptAndUsed() throws Exception {
    ApiClient.Response created =
        keep(
            api.post(
                "/api/pipelines",
                "{\"name\": \"inline dead letter\", \"document\": "
                    + deadLetterDocument(20, "inline_dl_rows", "\"" + PASSWORD + "\"")
                    + "}"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/validation/valid").asBoolean()).as(created.body()).isTrue();
    assertThat(created.json().at("/version/document/settings/deadLetter/password/set").asBoolean())
        .as(created.body())
        .isTrue();
    String id = created.json().path("id").asText();
    assertThat(secretRows(id)).as("the sink's and the dead-letter table's").isEqualTo(2);

    // Version 2 keeps both; its run checks the dead-letter table as the role before it starts.
    ApiClient.Response kept =
        keep(
            api.put(
                "/api/pipelines/" + id,
                "{\"baseVersion\": 1, \"document\": "
                    + deadLetterDocument(30, "inline_dl_kept", "{\"set\": true}")
                    + "}"));
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(opened(id, 2).toString()).contains(PASSWORD);
    String run = runToTheEnd(id);
    assertThat(runs.query("SELECT count(*) FROM inline_dl_kept")).isEqualTo(30);
    JsonNode shown = keep(api.get("/api/runs/" + run)).json();
    assertThat(shown.at("/plan/pipelineSettings/deadLetter/password").asText())
        .as("the stored plan masks it")
        .isEqualTo("****");

    // Without the password the dead-letter table cannot be reached: the run does not start.
    ApiClient.Response removed =
        keep(
            api.put(
                "/api/pipelines/" + id,
                "{\"baseVersion\": 2, \"document\": "
                    + deadLetterDocument(30, "inline_dl_none", "null")
                    + "}"));
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().at("/version/document/settings/deadLetter").has("password"))
        .isFalse();
    assertThat(opened(id, 3).at("/settings/deadLetter").has("password"))
        .as("version 3 has no dead-letter password")
        .isFalse();
    ApiClient.Response refused =
        keep(api.post("/api/pipelines/" + id + "/runs", "{\"resetState\": true}"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("dead-letter-not-ready");
    assertNowhere(PASSWORD);
  }

  private static String kafkaDocument(KafkaBroker kafka, int count, String secretEntry) {
    String sink =
        """
        {"id": "out", "type": "kafka-sink",
         "config": {"bootstrapServers": "%s", "topic": "inline-out",
                    "producerProperties": ["client.id=inline-secrets", %s]}}
        """
            .formatted(kafka.bootstrapServers(), secretEntry);
    return """
        {"formatVersion": 1, "nodes": [%s, %s], "edges": [%s],
         "settings": {"checkpointInterval": "300ms"}}
        """
        .formatted(generator(count), sink, RunFixtures.edge("gen", "out"));
  }

  private static String deadLetterDocument(int count, String table, String password) {
    return """
        {"formatVersion": 1, "nodes": [%s, %s], "edges": [%s],
         "settings": {"checkpointInterval": "300ms",
                      "deadLetter": {"type": "postgres", "jdbcUrl": "%s", "user": "%s",
                                     "password": %s, "table": "inline_dead"}}}
        """
        .formatted(
            generator(count),
            sink(table, "{\"set\": true}".equals(password) ? password : "\"" + PASSWORD + "\""),
            RunFixtures.edge("gen", "db"),
            target.settings().jdbcUrl(),
            ROLE,
            password);
  }

  /** The document of version {@code number} as a run compiles it, its secrets opened. */
  private static JsonNode opened(String id, int number) {
    PipelineCatalog catalog = new PipelineCatalog(CATALOG.jdbi());
    UUID pipeline = UUID.fromString(id);
    var stored = PipelineJson.read(catalog.version(pipeline, number).orElseThrow().document());
    assertThat(stored.ok()).as(stored.problems().toString()).isTrue();
    InlineSecrets secrets =
        new InlineSecrets(
            catalog,
            new SecretBox(MasterKeys.load(String.join(",", KEYS_SEEN), null, dataDir)),
            BuiltInNodeTypes.registry());
    return PipelineJson.write(secrets.opened(pipeline, number, stored.document()));
  }

  private static void assertNowhere(String secret) {
    for (ApiClient.Response response : RESPONSES) {
      assertThat(response.body()).doesNotContain(secret);
    }
    for (ILoggingEvent event : List.copyOf(LOGS.list)) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(line).doesNotContain(secret);
    }
    assertThat(catalogAsText()).contains("ciphertext").doesNotContain(secret);
  }

  private static int secretRows(String id) {
    return CATALOG
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM pipeline_secrets WHERE pipeline_id = :id")
                    .bind("id", UUID.fromString(id))
                    .mapTo(Integer.class)
                    .one());
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
