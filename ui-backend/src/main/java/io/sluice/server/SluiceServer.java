package io.sluice.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import io.sluice.catalog.AuditCatalog;
import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.DeadLetterCatalog;
import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.UserCatalog;
import io.sluice.executor.preview.Previewer;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.server.api.AuditRoutes;
import io.sluice.server.api.AuthRoutes;
import io.sluice.server.api.ConnectionCheckRoutes;
import io.sluice.server.api.ConnectionRoutes;
import io.sluice.server.api.DeadLetterRoutes;
import io.sluice.server.api.DocumentChecks;
import io.sluice.server.api.ErrorMapping;
import io.sluice.server.api.MetaRoutes;
import io.sluice.server.api.MetricsRoutes;
import io.sluice.server.api.OverviewRoutes;
import io.sluice.server.api.PipelineRoutes;
import io.sluice.server.api.PreviewRoutes;
import io.sluice.server.api.ProblemErrorHandler;
import io.sluice.server.api.RunRoutes;
import io.sluice.server.api.ScheduleRoutes;
import io.sluice.server.auth.AccessControl;
import io.sluice.server.auth.Audit;
import io.sluice.server.auth.AuthService;
import io.sluice.server.connections.ConnectionService;
import io.sluice.server.metrics.MetricsService;
import io.sluice.server.metrics.PrometheusExport;
import io.sluice.server.runs.RunService;
import io.sluice.server.schedule.ScheduleService;
import io.sluice.server.secrets.InlineSecrets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of Sluice: the REST API under {@code /api} and the browser UI at {@code /}.
 *
 * <p>{@code try (var server = SluiceServer.start(config, database, runs, metrics, prometheus)) {
 * System.out.println("http://localhost:" + server.port()); } }
 */
public final class SluiceServer implements AutoCloseable {
  /** How deep a request body may nest objects and arrays. */
  public static final int MAX_JSON_NESTING = 64;

  /** Previews run on clusters of their own; more at once would crowd out the running jobs. */
  static final int PREVIEWS_AT_ONCE = 2;

  private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
  private final Javalin app;
  private final ScheduledExecutorService housekeeping;

  private SluiceServer(Javalin app, ScheduledExecutorService housekeeping) {
    this.app = app;
    this.housekeeping = housekeeping;
  }

  /** Starts the server on {@code config.host():config.port()} (port 0 picks a free port). */
  public static SluiceServer start(
      SluiceConfig config,
      CatalogDatabase database,
      RunService runService,
      MetricsService metricsService,
      PrometheusExport prometheus,
      ScheduleService scheduleService,
      ConnectionService connectionService,
      InlineSecrets inlineSecrets,
      PipelineResolver resolver) {
    ObjectMapper mapper = objectMapper();
    NodeTypeRegistry nodeTypes = BuiltInNodeTypes.registry();
    DocumentChecks checks = new DocumentChecks(nodeTypes, resolver);
    var pipelines =
        new PipelineRoutes(
            new PipelineCatalog(database.jdbi()),
            new RunCatalog(database.jdbi()),
            checks,
            inlineSecrets,
            mapper);
    var meta = new MetaRoutes(database, nodeTypes, checks, inlineSecrets, mapper);
    var connectionChecks = new ConnectionCheckRoutes(nodeTypes, resolver, inlineSecrets, mapper);
    var connections = new ConnectionRoutes(connectionService, nodeTypes, mapper);
    var runs = new RunRoutes(runService, mapper);
    var metrics =
        new MetricsRoutes(
            runService,
            metricsService,
            new MetricsCatalog(database.jdbi()),
            prometheus,
            config.metrics(),
            mapper);
    var schedules = new ScheduleRoutes(scheduleService, mapper);
    var overview =
        new OverviewRoutes(
            new PipelineCatalog(database.jdbi()),
            new RunCatalog(database.jdbi()),
            scheduleService,
            metricsService,
            new MetricsCatalog(database.jdbi()),
            nodeTypes,
            config.metrics());
    var deadLetters =
        new DeadLetterRoutes(
            new PipelineCatalog(database.jdbi()),
            new DeadLetterCatalog(database.jdbi()),
            runService,
            mapper);
    var preview =
        new PreviewRoutes(
            new PipelineCatalog(database.jdbi()),
            nodeTypes,
            resolver,
            checks,
            inlineSecrets,
            new Previewer(config.dataDir().resolve("preview-tmp"), PREVIEWS_AT_ONCE),
            config.dataDir().resolve("preview-samples"),
            mapper);
    var errors = new ErrorMapping(mapper);
    AuthService auth =
        new AuthService(new UserCatalog(database.jdbi()), config.auth(), Clock.systemUTC());
    auth.bootstrap(System.out);
    AuditCatalog auditCatalog = new AuditCatalog(database.jdbi());
    Audit audit = new Audit(auditCatalog, config.auth().auditRetention(), Clock.systemUTC());
    var access = new AccessControl(auth, audit);
    var authRoutes = new AuthRoutes(auth, mapper);
    var auditRoutes = new AuditRoutes(auditCatalog);

    Javalin app =
        Javalin.create(
            javalin -> {
              javalin.jsonMapper(new JavalinJackson(mapper, false));
              javalin.http.maxRequestSize = config.maxRequestBytes();
              javalin.startup.showJavalinBanner = false;
              javalin.jetty.modifyServer(
                  jetty -> jetty.setErrorHandler(new ProblemErrorHandler(mapper)));
              javalin.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/sluice-ui";
                    files.location = Location.CLASSPATH;
                  });
              // The designer's own routes (/pipelines/<id>) are pages of the single-page app:
              // a browser loading one directly gets index.html, which routes on the client.
              javalin.spaRoot.addFile("/pipelines", "/sluice-ui/index.html", Location.CLASSPATH);
              javalin.spaRoot.addFile("/monitor", "/sluice-ui/index.html", Location.CLASSPATH);
              javalin.spaRoot.addFile("/connections", "/sluice-ui/index.html", Location.CLASSPATH);
              javalin.spaRoot.addFile("/login", "/sluice-ui/index.html", Location.CLASSPATH);
              javalin.spaRoot.addFile("/admin", "/sluice-ui/index.html", Location.CLASSPATH);
              errors.register(javalin);
              // Every route below declares the role it needs; AccessControl refuses the rest.
              access.register(javalin.routes);
              authRoutes.register(javalin.routes);
              auditRoutes.register(javalin.routes);
              pipelines.register(javalin.routes);
              meta.register(javalin.routes);
              connectionChecks.register(javalin.routes);
              connections.register(javalin.routes);
              runs.register(javalin.routes);
              metrics.register(javalin.routes);
              schedules.register(javalin.routes);
              overview.register(javalin.routes);
              deadLetters.register(javalin.routes);
              preview.register(javalin.routes);
            });
    List<String> undeclared = AccessControl.undeclared(new SluiceServer(app, null).endpoints());
    if (!undeclared.isEmpty()) {
      LOG.error("Routes without a declared role are refused to everyone: {}", undeclared);
    }
    app.start(config.host(), config.port());
    ScheduledExecutorService housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-auth-housekeeping");
              t.setDaemon(true);
              return t;
            });
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            auth.sweep();
            audit.trim();
          } catch (RuntimeException e) {
            LOG.warn("Could not delete expired sessions or old audit rows: {}", e.getMessage());
          }
        },
        1,
        60,
        TimeUnit.MINUTES);
    return new SluiceServer(app, housekeeping);
  }

  /** The JSON mapper of the API: ISO-8601 instants, no nulls sent where a field has no value. */
  public static ObjectMapper objectMapper() {
    // A pipeline document nests a handful of levels; a request nested deeper than this is refused
    // with a 400 while it is parsed, before a deep tree can cost stack or memory.
    JsonFactory json =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING).build())
            .build();
    return new ObjectMapper(json)
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  }

  public int port() {
    return app.port();
  }

  /** Every HTTP endpoint the server routes, for checking the OpenAPI description against. */
  public List<ParsedEndpoint> endpoints() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> e.endpoint.method.isHttpMethod())
        .toList();
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    app.stop();
  }
}
