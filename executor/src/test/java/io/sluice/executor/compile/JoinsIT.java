package io.sluice.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.testing.TestDatabase;
import io.sluice.catalog.testing.TestPostgres;
import io.sluice.executor.engine.EmbeddedEngine;
import io.sluice.executor.engine.EmbeddedEngineSettings;
import io.sluice.executor.engine.JobHandle;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interval join, pattern and lookup join on known event-time input, with out-of-order and late
 * records, checked exactly, in a MiniCluster; the lookup join against a real PostgreSQL.
 */
class JoinsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir static Path tmp;

  private static ObjectStore store;
  private static EmbeddedEngine engine;
  private static TestDatabase database;
  private final JobCompiler compiler = new JobCompiler();

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStore.embedded(tmp.resolve("s3"));
    engine =
        EmbeddedEngine.start(
            EmbeddedEngineSettings.defaults(tmp.resolve("flink")).withSlots(4), store);
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
    if (store != null) {
      store.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static ExecutionPlan plan(String nodes, String edges, Path deadLetter) {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1, "nodes": [%s], "edges": [%s],
             "settings": {"checkpointInterval": "200ms", "parallelism": 1,
                          "restartPolicy": {"type": "none"},
                          "deadLetter": {"type": "directory", "path": "%s"}}}
            """
                .formatted(nodes, edges, deadLetter));
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static String files(String id, Path path, String... fields) {
    return """
        {"id": "%s", "type": "file-directory",
         "config": {"path": "%s", "discoveryInterval": "100ms", "fields": ["%s"]}}"""
        .formatted(id, path, String.join("\", \"", fields));
  }

  private static String sink(String id, Path path) {
    return "{\"id\": \"%s\", \"type\": \"file-directory-sink\", \"config\": {\"path\": \"%s\"}}"
        .formatted(id, path);
  }

  private static String edge(String from, String to) {
    String[] t = to.split("\\.");
    return "{\"from\": {\"node\": \"%s\"}, \"to\": {\"node\": \"%s\"%s}}"
        .formatted(from, t[0], t.length > 1 ? ", \"port\": \"" + t[1] + "\"" : "");
  }

  private static ExecutionPlan intervalJoinPlan(Path orders, Path shipments, Path out, Path bad) {
    return plan(
        String.join(
            ",",
            files("orders", orders, "id: long", "amount: long", "at: timestamp"),
            files("shipments", shipments, "order_id: long", "carrier: string", "at: timestamp"),
            """
                {"id": "shipped", "type": "interval-join",
                 "config": {"keys": ["id = order_id"], "leftTimeField": "at",
                            "rightTimeField": "at", "before": "10s", "after": "30s",
                            "leftWatermarkDelay": "2s", "rightWatermarkDelay": "2s",
                            "rightPrefix": "ship_", "rightDrop": ["order_id"]}}""",
            sink("out", out)),
        String.join(
            ",",
            edge("orders", "shipped.left"),
            edge("shipments", "shipped.right"),
            edge("shipped", "out")),
        bad);
  }

  /** Orders 1, 2, 3 and 9 with their shipments; 3 on both sides out of order, in time. */
  private static void intervalJoinFirstFiles(Path orders, Path shipments) throws IOException {
    drop(
        orders,
        "1.csv",
        """
        id,amount,at
        1,10,2026-01-01T00:00:05
        2,20,2026-01-01T00:00:10
        3,30,2026-01-01T00:00:08
        9,90,2026-01-01T00:01:00
        """);
    drop(
        shipments,
        "1.csv",
        """
        order_id,carrier,at
        2,dhl,2026-01-01T00:00:05
        1,ups,2026-01-01T00:00:20
        3,ups,2026-01-01T00:00:19
        1,fedex,2026-01-01T00:00:50
        9,post,2026-01-01T00:01:00
        """);
  }

  private static final List<String> FIRST_JOINED =
      List.of(
          "1,10,2026-01-01T00:00:05,ups,2026-01-01T00:00:20",
          "2,20,2026-01-01T00:00:10,dhl,2026-01-01T00:00:05",
          "3,30,2026-01-01T00:00:08,ups,2026-01-01T00:00:19",
          "9,90,2026-01-01T00:01,post,2026-01-01T00:01");

  @Test
  void anIntervalJoinStoppedWithASavepointKeepsItsWaitingRecordsAndResumesToTheSameResult()
      throws IOException {
    Path orders = tmp.resolve("ij-resumed/orders");
    Path shipments = tmp.resolve("ij-resumed/shipments");
    Path out = tmp.resolve("ij-resumed/out");
    Path bad = tmp.resolve("ij-resumed/bad");
    Files.createDirectories(orders);
    Files.createDirectories(shipments);
    ExecutionPlan plan = intervalJoinPlan(orders, shipments, out, bad);
    JobHandle first =
        engine.submit("ij-resumed", compiler.forRun(plan, "ij-resumed", null), Optional.empty());
    intervalJoinFirstFiles(orders, shipments);
    awaitLines(out, 4);

    // Order 9 (1:00) waits in the join's state for shipments until 1:30.
    String savepoint = engine.stopWithSavepoint(first);
    assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(FIRST_JOINED);

    drop(
        orders,
        "2.csv",
        """
        id,amount,at
        5,50,2026-01-01T00:01:05
        """);
    drop(
        shipments,
        "2.csv",
        """
        order_id,carrier,at
        9,dhl,2026-01-01T00:01:20
        5,ups,2026-01-01T00:01:04
        """);
    JobHandle second =
        engine.submit(
            "ij-resumed", compiler.forRun(plan, "ij-resumed", null), Optional.of(savepoint));
    awaitLines(out, 6);
    engine.cancel(second);

    List<String> expected = new ArrayList<>(FIRST_JOINED);
    expected.add("9,90,2026-01-01T00:01,dhl,2026-01-01T00:01:20");
    expected.add("5,50,2026-01-01T00:01:05,ups,2026-01-01T00:01:04");
    assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(lines(bad)).isEmpty();
  }

  @Test
  void anIntervalJoinPairsRecordsWithinTheTimeBoundAndSendsLateOnesToTheDeadLetter()
      throws IOException {
    Path orders = tmp.resolve("ij/orders");
    Path shipments = tmp.resolve("ij/shipments");
    Path out = tmp.resolve("ij/out");
    Path bad = tmp.resolve("ij/bad");
    Files.createDirectories(orders);
    Files.createDirectories(shipments);
    ExecutionPlan plan = intervalJoinPlan(orders, shipments, out, bad);
    JobHandle job = engine.submit("ij", compiler.forRun(plan, "ij", null), Optional.empty());

    // Order 3 and shipment 3 come out of order, by less than the 2s delay of their side. Order 1
    // ships at 20s (within 30s after 5s) and again at 50s (too late for it); order 2 at 5s, 5s
    // before the order (within 10s before). Order 9 and its shipment move both sides to 1:00.
    intervalJoinFirstFiles(orders, shipments);
    awaitLines(out, 4);
    assertThat(lines(out)).contains("9,90,2026-01-01T00:01,post,2026-01-01T00:01");

    // Time has reached 0:57.999 on both sides now: order 4 at 0:30 and the shipment at 0:10 are
    // late; order 5 and its shipment a second before it are not.
    drop(
        orders,
        "2.csv",
        """
        id,amount,at
        4,40,2026-01-01T00:00:30
        5,50,2026-01-01T00:01:05
        """);
    drop(
        shipments,
        "2.csv",
        """
        order_id,carrier,at
        1,dhl,2026-01-01T00:00:10
        5,ups,2026-01-01T00:01:04
        """);
    awaitLines(out, 5);
    awaitLines(bad, 2);
    engine.cancel(job);

    assertThat(lines(out))
        .containsExactlyInAnyOrder(
            "1,10,2026-01-01T00:00:05,ups,2026-01-01T00:00:20",
            "2,20,2026-01-01T00:00:10,dhl,2026-01-01T00:00:05",
            "3,30,2026-01-01T00:00:08,ups,2026-01-01T00:00:19",
            "9,90,2026-01-01T00:01,post,2026-01-01T00:01",
            "5,50,2026-01-01T00:01:05,ups,2026-01-01T00:01:04");
    assertThat(lines(bad))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("\"node\":\"shipped\"", "Late: its event time"))
        .anySatisfy(l -> assertThat(l).contains("\"source\":\"orders\"", "\\\"amount\\\":40"))
        .anySatisfy(
            l -> assertThat(l).contains("\"source\":\"shipments\"", "\\\"carrier\\\":\\\"dhl\\\""));
  }

  private static ExecutionPlan patternPlan(Path in, Path out, Path bad) {
    return plan(
        String.join(
            ",",
            files("logins", in, "user: string", "outcome: string", "ip: string", "at: timestamp"),
            """
                {"id": "brute", "type": "pattern",
                 "config": {"keyFields": ["user"], "timeField": "at", "watermarkDelay": "2s",
                            "within": "5m",
                            "steps": ["failed{3}: outcome = 'failure'",
                                      "ok: outcome = 'success'"],
                            "measures": ["first_ip = first(failed.ip)",
                                         "ok_ip = last(ok.ip)"]}}""",
            sink("out", out)),
        String.join(",", edge("logins", "brute"), edge("brute", "out")),
        bad);
  }

  @Test
  void aPatternStoppedWithASavepointMidMatchResumesToTheSameMatch() throws IOException {
    Path in = tmp.resolve("pattern-resumed/in");
    Path out = tmp.resolve("pattern-resumed/out");
    Path bad = tmp.resolve("pattern-resumed/bad");
    Files.createDirectories(in);
    ExecutionPlan plan = patternPlan(in, out, bad);
    JobHandle first =
        engine.submit(
            "pattern-resumed", compiler.forRun(plan, "pattern-resumed", null), Optional.empty());
    drop(
        in,
        "1.csv",
        """
        user,outcome,ip,at
        a,failure,10.0.0.1,2026-01-01T00:00:01
        a,failure,10.0.0.2,2026-01-01T00:00:03
        a,failure,10.0.0.3,2026-01-01T00:00:02
        x,failure,10.0.8.1,2026-01-01T00:00:00
        """);
    // x is late (time reached 0.999s). Once its dead letter is committed, the three failures
    // before it are in the pattern's state: the start of a sequence that waits for its end.
    awaitLines(bad, 1);
    String savepoint = engine.stopWithSavepoint(first);
    assertThat(lines(out)).isEmpty();

    drop(
        in,
        "2.csv",
        """
        user,outcome,ip,at
        a,success,10.0.0.4,2026-01-01T00:00:06
        z,success,10.0.9.9,2026-01-01T00:10:00
        """);
    JobHandle second =
        engine.submit(
            "pattern-resumed",
            compiler.forRun(plan, "pattern-resumed", null),
            Optional.of(savepoint));
    awaitLines(out, 1);
    engine.cancel(second);

    assertThat(lines(out))
        .containsExactly("a,2026-01-01T00:00:01,2026-01-01T00:00:06,3,1,10.0.0.1,10.0.0.4");
    assertThat(lines(bad)).singleElement().satisfies(l -> assertThat(l).contains("10.0.8.1"));
  }

  @Test
  void aPatternEmitsOneRecordPerMatchWithinItsTimeAndSendsLateRecordsToTheDeadLetter()
      throws IOException {
    Path in = tmp.resolve("pattern/in");
    Path out = tmp.resolve("pattern/out");
    Path bad = tmp.resolve("pattern/bad");
    Files.createDirectories(in);
    ExecutionPlan plan = patternPlan(in, out, bad);
    JobHandle job =
        engine.submit("pattern", compiler.forRun(plan, "pattern", null), Optional.empty());

    // a: three failures (one out of order by 1s) then a success: a match. b: two failures then
    // a success: none. c: three failures, the success 5m50s after the first: too slow. d: four
    // failures then a success: one match, from the second failure. z moves time to 9:57.999, so
    // every earlier match is complete; a's failure at 0:09 after it is late.
    drop(
        in,
        "1.csv",
        """
        user,outcome,ip,at
        a,failure,10.0.0.1,2026-01-01T00:00:01
        a,failure,10.0.0.2,2026-01-01T00:00:03
        b,failure,10.0.1.1,2026-01-01T00:00:04
        a,failure,10.0.0.3,2026-01-01T00:00:02
        a,success,10.0.0.4,2026-01-01T00:00:06
        b,failure,10.0.1.2,2026-01-01T00:00:05
        b,success,10.0.1.3,2026-01-01T00:00:07
        c,failure,10.0.2.1,2026-01-01T00:00:10
        c,failure,10.0.2.2,2026-01-01T00:00:20
        c,failure,10.0.2.3,2026-01-01T00:00:30
        d,failure,10.0.3.1,2026-01-01T00:01:00
        d,failure,10.0.3.2,2026-01-01T00:01:01
        d,failure,10.0.3.3,2026-01-01T00:01:02
        d,failure,10.0.3.4,2026-01-01T00:01:03
        d,success,10.0.3.5,2026-01-01T00:01:04
        c,success,10.0.2.4,2026-01-01T00:06:00
        z,success,10.0.9.9,2026-01-01T00:10:00
        a,failure,10.0.0.5,2026-01-01T00:00:09
        """);
    awaitLines(out, 2);
    awaitLines(bad, 1);
    engine.cancel(job);

    assertThat(lines(out))
        .containsExactlyInAnyOrder(
            "a,2026-01-01T00:00:01,2026-01-01T00:00:06,3,1,10.0.0.1,10.0.0.4",
            "d,2026-01-01T00:01:01,2026-01-01T00:01:04,3,1,10.0.3.2,10.0.3.5");
    assertThat(lines(bad))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains("\"node\":\"brute\"", "\"source\":\"logins\"", "Late: its event time")
                    .contains("10.0.0.5"));
  }

  @Test
  void aLookupJoinEnrichesRecordsFromATableLeftWithNullsOrInnerDroppingTheUnmatched()
      throws Exception {
    CatalogSettings db = database().settings();
    execute(
        db,
        "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, tier integer)",
        "INSERT INTO customers VALUES (1, 'Ada', 2), (2, 'Grace', NULL), (3, 'Edsger', 1)");
    Path in = tmp.resolve("lookup/in");
    Path left = tmp.resolve("lookup/left");
    Path inner = tmp.resolve("lookup/inner");
    Files.createDirectories(in);
    String join =
        """
        {"id": "%s", "type": "lookup-join",
         "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s", "table": "customers",
                    "keys": ["customer = id"], "columns": ["name: string", "tier: long"],
                    "prefix": "customer_", "missing": "%s"}}""";
    ExecutionPlan plan =
        plan(
            String.join(
                ",",
                files("orders", in, "order_id: long", "customer: long"),
                join.formatted("with_left", db.jdbcUrl(), db.user(), db.password(), "left"),
                join.formatted("with_inner", db.jdbcUrl(), db.user(), db.password(), "inner"),
                sink("left_out", left),
                sink("inner_out", inner)),
            String.join(
                ",",
                edge("orders", "with_left"),
                edge("orders", "with_inner"),
                edge("with_left", "left_out"),
                edge("with_inner", "inner_out")),
            tmp.resolve("lookup/bad"));
    assertThat(compiler.checkSinks(plan, compiler.schemas(plan), "lookup")).isEmpty();
    JobHandle job =
        engine.submit("lookup", compiler.forRun(plan, "lookup", null), Optional.empty());

    drop(
        in,
        "1.csv",
        """
        order_id,customer
        100,1
        101,2
        102,9
        103,
        104,1
        """);
    awaitLines(left, 5);
    awaitLines(inner, 3);
    engine.cancel(job);

    assertThat(lines(left))
        .containsExactlyInAnyOrder(
            "100,1,Ada,2", "101,2,Grace,", "102,9,,", "103,,,", "104,1,Ada,2");
    assertThat(lines(inner))
        .containsExactlyInAnyOrder("100,1,Ada,2", "101,2,Grace,", "104,1,Ada,2");
  }

  @Test
  void theCheckComparesALookupJoinsColumnsAndKeyWithTheTable() throws Exception {
    CatalogSettings db = database().settings();
    execute(db, "CREATE TABLE IF NOT EXISTS products (sku text PRIMARY KEY, price numeric)");
    Path in = tmp.resolve("check/in");
    ExecutionPlan plan =
        plan(
            String.join(
                ",",
                files("orders", in, "order_id: long", "sku: long"),
                """
                {"id": "priced", "type": "lookup-join",
                 "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s",
                            "table": "products", "keys": ["sku"],
                            "columns": ["price: boolean"]}}"""
                    .formatted(db.jdbcUrl(), db.user(), db.password()),
                """
                {"id": "missing", "type": "lookup-join",
                 "config": {"jdbcUrl": "%s", "user": "%s", "password": "%s",
                            "table": "products", "keys": ["order_id = sku"],
                            "columns": ["colour: string"]}}"""
                    .formatted(db.jdbcUrl(), db.user(), db.password()),
                sink("out", tmp.resolve("check/out")),
                sink("out2", tmp.resolve("check/out2"))),
            String.join(
                ",",
                edge("orders", "priced"),
                edge("orders", "missing"),
                edge("priced", "out"),
                edge("missing", "out2")),
            tmp.resolve("check/bad"));

    List<Problem> problems = compiler.checkSinks(plan, compiler.schemas(plan), "check");

    assertThat(problems)
        .extracting(Problem::nodeId, Problem::field)
        .containsExactlyInAnyOrder(
            tuple("priced", "config.columns"),
            tuple("priced", "config.keys"),
            tuple("missing", "config.columns"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p.message()).contains("'price'", "numeric", "decimal"))
        .anySatisfy(p -> assertThat(p.message()).contains("Key sku = sku", "a long"))
        .anySatisfy(p -> assertThat(p.message()).contains("colour"));
  }

  private static synchronized TestDatabase database() {
    if (database == null) {
      database = TestPostgres.freshDatabase();
    }
    return database;
  }

  private static void execute(CatalogSettings db, String... sql) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    if (db.user() != null) {
      props.setProperty("user", db.user());
    }
    if (db.password() != null) {
      props.setProperty("password", db.password());
    }
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), props);
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /** Writes a file under a hidden name and renames it, so it is never read half-written. */
  private static void drop(Path dir, String name, String content) throws IOException {
    Path part = dir.resolve("." + name + ".tmp");
    Files.writeString(part, content);
    Files.move(part, dir.resolve(name));
  }

  private static void awaitLines(Path dir, int count) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lines(dir).size() >= count);
  }

  /** Lines of committed files only (uncommitted ones are hidden, starting with a dot). */
  private static List<String> lines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(dir)) {
      return lines;
    }
    try (var files = Files.walk(dir)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
