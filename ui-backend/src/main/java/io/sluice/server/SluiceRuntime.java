package io.sluice.server;

import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.ConnectionCatalog;
import io.sluice.catalog.DeadLetterCatalog;
import io.sluice.catalog.Leases;
import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.ScheduleCatalog;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.engine.EmbeddedEngine;
import io.sluice.executor.engine.EmbeddedEngineSettings;
import io.sluice.executor.engine.Engine;
import io.sluice.executor.engine.RemoteEngine;
import io.sluice.executor.engine.RemoteEngineSettings;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.executor.storage.S3Credentials;
import io.sluice.executor.storage.S3Settings;
import io.sluice.model.connection.ConnectionBinding;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.server.connections.ConnectionService;
import io.sluice.server.metrics.MetricsService;
import io.sluice.server.metrics.PrometheusExport;
import io.sluice.server.metrics.RunTotals;
import io.sluice.server.paths.AllowedRoots;
import io.sluice.server.runs.Liveness;
import io.sluice.server.runs.RunService;
import io.sluice.server.schedule.Reconciler;
import io.sluice.server.schedule.ScheduleService;
import io.sluice.server.secrets.InlineSecrets;
import io.sluice.server.secrets.MasterKeys;
import io.sluice.server.secrets.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Sluice runs on, started in order and stopped in reverse: the catalog database, the S3
 * store for checkpoints, the Flink engine, the run service, and the HTTP server.
 *
 * <p>{@code try (SluiceRuntime sluice = SluiceRuntime.start(config)) { ... sluice.port() ... } }
 */
public final class SluiceRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceRuntime.class);
  private static final String DEAD_LETTER_TABLE = "dead_letters";

  private final List<AutoCloseable> closeInReverse;
  private final SluiceServer server;
  private final CatalogDatabase database;

  private final RunService runs;
  private final Reconciler reconciler;

  private SluiceRuntime(
      List<AutoCloseable> closeInReverse,
      SluiceServer server,
      CatalogDatabase database,
      RunService runs,
      Reconciler reconciler) {
    this.closeInReverse = closeInReverse;
    this.server = server;
    this.database = database;
    this.runs = runs;
    this.reconciler = reconciler;
  }

  /** The run service, for a second reconciler in tests. */
  public RunService runService() {
    return runs;
  }

  /** The reconciler of this backend. */
  public Reconciler reconciler() {
    return reconciler;
  }

  /** Starts Sluice with its own catalog database as configured. */
  public static SluiceRuntime start(SluiceConfig config) {
    CatalogDatabase database =
        CatalogDatabase.open(
            new CatalogSettings(
                config.dbUrl(), config.dbUser(), config.dbPassword(), config.dataDir()));
    return start(config, database, true);
  }

  /** The backend id kept in the data directory, made up at the first start. */
  static String backendIdOf(Path dataDir) {
    Path file = dataDir.resolve("backend-id");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
      } catch (IOException e) {
        host = "sluice";
      }
      String id = host + "-" + UUID.randomUUID().toString().substring(0, 8);
      Files.createDirectories(dataDir);
      Files.writeString(file, id + "\n");
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the backend id in " + file, e);
    }
  }

  /**
   * How the reconciler runs: its clock, how often it ticks (null: never by itself, for tests that
   * call {@link #reconciler()}'s {@code tick()}), its lease's time to live (also that of this
   * backend's liveness), the name it holds the lease under, and this backend's id (null: the one
   * kept in the data directory).
   */
  public record Scheduling(
      Clock clock, Duration tickInterval, Duration leaseTtl, String holder, String backendId) {
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(2);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);

    public Scheduling {
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(leaseTtl, "leaseTtl");
      Objects.requireNonNull(holder, "holder");
    }

    /** The system clock, a tick every 2 s, a 15 s lease, held as host/pid/random. */
    public static Scheduling defaults() {
      return new Scheduling(
          Clock.systemUTC(), DEFAULT_TICK, DEFAULT_LEASE_TTL, defaultHolder(), null);
    }

    /** The system clock and the configured backend id, lease and tick. */
    public static Scheduling from(SluiceConfig.Scheduler scheduler) {
      return new Scheduling(
          Clock.systemUTC(),
          scheduler.tickInterval(),
          scheduler.leaseTtl(),
          defaultHolder(),
          scheduler.backendId());
    }

    /** No loop: the caller ticks the reconciler itself; the backend id is {@code holder}. */
    public static Scheduling manual(Clock clock, Duration leaseTtl, String holder) {
      return new Scheduling(clock, null, leaseTtl, holder, holder);
    }

    private static String defaultHolder() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown-host";
      }
      return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }
  }

  /**
   * Starts Sluice on an open catalog database.
   *
   * @param ownsDatabase close the database when Sluice closes
   */
  public static SluiceRuntime start(
      SluiceConfig config, CatalogDatabase database, boolean ownsDatabase) {
    return start(config, database, ownsDatabase, Scheduling.from(config.scheduler()));
  }

  /** Starts Sluice on an open catalog database with the reconciler set up as {@code scheduling}. */
  public static SluiceRuntime start(
      SluiceConfig config, CatalogDatabase database, boolean ownsDatabase, Scheduling scheduling) {
    List<AutoCloseable> opened = new ArrayList<>();
    if (ownsDatabase) {
      opened.add(database);
    }
    try {
      ObjectStore store = objectStore(config);
      opened.add(store);
      Engine engine = engine(config, store);
      opened.add(engine);
      CatalogSettings catalog = database.connection();
      PipelineCatalog pipelines = new PipelineCatalog(database.jdbi());
      RunCatalog runCatalog = new RunCatalog(database.jdbi());
      MasterKeys masterKeys =
          MasterKeys.load(
              config.protection().masterKeys(),
              config.protection().masterKeyFile(),
              config.dataDir());
      LOG.info(
          "Secrets sealed with master key {} ({})", masterKeys.currentId(), masterKeys.source());
      NodeTypeRegistry nodeTypes = BuiltInNodeTypes.registry();
      SecretBox box = new SecretBox(masterKeys);
      InlineSecrets inlineSecrets = new InlineSecrets(pipelines, box, nodeTypes);
      // Catalogs written before inline secrets were sealed hold them in plain text: sealed once,
      // here, before anything reads a document (later starts find nothing to do).
      inlineSecrets.sealPlainSecrets();
      ConnectionService connections =
          new ConnectionService(
              new ConnectionCatalog(database.jdbi()), pipelines, box, nodeTypes, inlineSecrets);
      AllowedRoots roots = new AllowedRoots(config.protection().allowedRoots());
      PipelineResolver resolver =
          new ConnectionBinding(nodeTypes, connections.lookup()).andThen(roots);
      PlanTranslator translator = new PlanTranslator(nodeTypes, resolver);
      String backendId =
          scheduling.backendId() != null ? scheduling.backendId() : backendIdOf(config.dataDir());
      Leases leases = new Leases(database.jdbi());
      Liveness liveness = Liveness.start(leases, backendId, scheduling.leaseTtl());
      opened.add(liveness);
      LOG.info("Backend id {}", backendId);
      PrometheusExport prometheus = new PrometheusExport();
      MetricsCatalog metricsCatalog = new MetricsCatalog(database.jdbi());
      MetricsService metrics =
          new MetricsService(
              pipelines,
              runCatalog,
              metricsCatalog,
              engine,
              translator,
              inlineSecrets,
              config.metrics(),
              prometheus);
      opened.add(metrics);
      RunService runs =
          new RunService(
              pipelines,
              runCatalog,
              engine,
              config.flinkCluster() == null ? "embedded" : "remote",
              translator,
              new JobCompiler.DeadLetter(
                  catalog.jdbcUrl(), catalog.user(), catalog.password(), DEAD_LETTER_TABLE),
              liveness,
              new DeadLetterCatalog(database.jdbi()),
              inlineSecrets);
      opened.add(runs);
      runs.onChange(metrics::runChanged);
      runs.resumeAll();
      if (config.demo()) {
        startDemo(database, pipelines, runs);
      }
      runs.startPolling(1000);
      metrics.start();
      ScheduleCatalog scheduleCatalog = new ScheduleCatalog(database.jdbi());
      RunTotals runTotals = new RunTotals(metricsCatalog);
      Reconciler reconciler =
          new Reconciler(
              scheduleCatalog,
              runCatalog,
              leases,
              runs,
              runTotals,
              scheduling.clock(),
              scheduling.holder(),
              scheduling.leaseTtl());
      opened.add(reconciler);
      if (scheduling.tickInterval() != null) {
        reconciler.startLoop(scheduling.tickInterval());
      }
      ScheduleService schedules =
          new ScheduleService(
              pipelines, scheduleCatalog, runCatalog, runs, runTotals, scheduling.clock());
      SluiceServer server =
          SluiceServer.start(
              config,
              database,
              runs,
              metrics,
              prometheus,
              schedules,
              connections,
              inlineSecrets,
              resolver);
      opened.add(server);
      return new SluiceRuntime(opened, server, database, runs, reconciler);
    } catch (IOException e) {
      closeAll(opened);
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      // Errors too: a half-started engine keeps non-daemon threads that would hold the JVM up.
      closeAll(opened);
      throw e;
    }
  }

  /** A demo that cannot start is worth a warning, not a Sluice that does not start. */
  private static void startDemo(
      CatalogDatabase database, PipelineCatalog pipelines, RunService runs) {
    try {
      DemoPipeline.createIfFirstStart(database, pipelines, runs);
    } catch (RuntimeException e) {
      LOG.warn("Could not create or start the demo pipeline: {}", e.getMessage(), e);
    }
  }

  /**
   * The engine placement the configuration asks for: a Flink session cluster when {@code
   * flink.rest} is set, else a MiniCluster in this process.
   */
  private static Engine engine(SluiceConfig config, ObjectStore store) throws IOException {
    SluiceConfig.FlinkCluster cluster = config.flinkCluster();
    if (cluster != null) {
      LOG.info("Running pipelines on the Flink cluster at {}", cluster.restAddress());
      return RemoteEngine.connect(
          RemoteEngineSettings.of(cluster.restAddress()).withJars(cluster.jars()), store);
    }
    Path flinkTmp = Files.createDirectories(config.dataDir().resolve("flink-tmp"));
    return EmbeddedEngine.start(
        EmbeddedEngineSettings.defaults(flinkTmp).withSlots(config.taskSlots()), store);
  }

  private static ObjectStore objectStore(SluiceConfig config) throws IOException {
    if (config.s3() == null) {
      return ObjectStore.embedded(config.dataDir().resolve("s3"));
    }
    SluiceConfig.S3 s3 = config.s3();
    return ObjectStore.external(
        new S3Settings(
            URI.create(s3.endpoint()),
            s3.region(),
            s3.bucket(),
            new S3Credentials(s3.accessKey(), s3.secretKey()),
            s3.pathStyle()));
  }

  public int port() {
    return server.port();
  }

  /** Every HTTP endpoint the server routes. */
  public java.util.List<io.javalin.router.ParsedEndpoint> endpoints() {
    return server.endpoints();
  }

  public CatalogDatabase database() {
    return database;
  }

  /** Stops the server, pauses running pipelines at a savepoint, then stops the rest. */
  @Override
  public void close() {
    closeAll(closeInReverse);
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        LOG.warn("Could not close {}", opened.get(i), e);
      }
    }
  }
}
