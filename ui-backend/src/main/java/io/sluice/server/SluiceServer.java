package io.sluice.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.DeadLetterCatalog;
import io.sluice.catalog.MetricsCatalog;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.RunCatalog;
import io.sluice.executor.preview.Previewer;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.server.api.ConnectionCheckRoutes;
import io.sluice.server.api.DeadLetterRoutes;
import io.sluice.server.api.DocumentChecks;
import io.sluice.server.api.ErrorMapping;
import io.sluice.server.api.MetaRoutes;
import io.sluice.server.api.MetricsRoutes;
import io.sluice.server.api.OverviewRoutes;
import io.sluice.server.api.PipelineRoutes;
import io.sluice.server.api.PreviewRoutes;
import io.sluice.server.api.RunRoutes;
import io.sluice.server.api.ScheduleRoutes;
import io.sluice.server.metrics.MetricsService;
import io.sluice.server.metrics.PrometheusExport;
import io.sluice.server.runs.RunService;
import io.sluice.server.schedule.ScheduleService;
import java.util.List;

/**
 * The HTTP face of Sluice: the REST API under {@code /api} and the browser UI at {@code /}.
 *
 * <p>{@code try (var server = SluiceServer.start(config, database, runs, metrics, prometheus)) {
 * System.out.println("http://localhost:" + server.port()); } }
 */
public final class SluiceServer implements AutoCloseable {
  /** Previews run on clusters of their own; more at once would crowd out the running jobs. */
  static final int PREVIEWS_AT_ONCE = 2;

  private final Javalin app;

  private SluiceServer(Javalin app) {
    this.app = app;
  }

  /** Starts the server on {@code config.host():config.port()} (port 0 picks a free port). */
  public static SluiceServer start(
      SluiceConfig config,
      CatalogDatabase database,
      RunService runService,
      MetricsService metricsService,
      PrometheusExport prometheus,
      ScheduleService scheduleService) {
    ObjectMapper mapper = objectMapper();
    NodeTypeRegistry nodeTypes = BuiltInNodeTypes.registry();
    DocumentChecks checks = new DocumentChecks(nodeTypes);
    var pipelines =
        new PipelineRoutes(
            new PipelineCatalog(database.jdbi()), new RunCatalog(database.jdbi()), checks, mapper);
    var meta = new MetaRoutes(database, nodeTypes, checks, mapper);
    var connectionChecks = new ConnectionCheckRoutes(nodeTypes, mapper);
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
            checks,
            new Previewer(config.dataDir().resolve("preview-tmp"), PREVIEWS_AT_ONCE),
            config.dataDir().resolve("preview-samples"),
            mapper);
    var errors = new ErrorMapping(mapper);

    Javalin app =
        Javalin.create(
            javalin -> {
              javalin.jsonMapper(new JavalinJackson(mapper, false));
              javalin.http.maxRequestSize = config.maxRequestBytes();
              javalin.startup.showJavalinBanner = false;
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
              errors.register(javalin);
              pipelines.register(javalin.routes);
              meta.register(javalin.routes);
              connectionChecks.register(javalin.routes);
              runs.register(javalin.routes);
              metrics.register(javalin.routes);
              schedules.register(javalin.routes);
              overview.register(javalin.routes);
              deadLetters.register(javalin.routes);
              preview.register(javalin.routes);
            });
    app.start(config.host(), config.port());
    return new SluiceServer(app);
  }

  /** The JSON mapper of the API: ISO-8601 instants, no nulls sent where a field has no value. */
  public static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  }

  public int port() {
    return app.port();
  }

  /** Every HTTP endpoint the server routes, for checking the OpenAPI description against. */
  public List<ParsedEndpoint> endpoints() {
    return app.unsafe.internalRouter.allHttpHandlers();
  }

  @Override
  public void close() {
    app.stop();
  }
}
