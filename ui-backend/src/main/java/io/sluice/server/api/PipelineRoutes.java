package io.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.Pipeline;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineNotFoundException;
import io.sluice.catalog.PipelineSummary;
import io.sluice.catalog.PipelineVersion;
import io.sluice.catalog.Run;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.RunState;
import io.sluice.catalog.SealedSecret;
import io.sluice.catalog.VersionInfo;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.server.auth.Role;
import io.sluice.server.runs.ReplicationSlotCleanup;
import io.sluice.server.secrets.InlineSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/pipelines}: the catalog of pipelines and their immutable versions.
 *
 * <p>Saving stores any document that can be read, even one that does not validate yet (a design in
 * progress); the response carries the validation problems. A document that cannot be read at all
 * (malformed structure, unknown fields) is refused with 422 and every problem listed.
 */
public final class PipelineRoutes {
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2000;
  static final int MAX_MESSAGE = 2000;
  static final int MAX_AUTHOR = 200;
  static final String DEFAULT_AUTHOR = "anonymous";

  private final PipelineCatalog catalog;
  private final RunCatalog runs;
  private final DocumentChecks checks;
  private final InlineSecrets secrets;
  private final ObjectMapper mapper;

  public PipelineRoutes(
      PipelineCatalog catalog,
      RunCatalog runs,
      DocumentChecks checks,
      InlineSecrets secrets,
      ObjectMapper mapper) {
    this.catalog = catalog;
    this.runs = runs;
    this.checks = checks;
    this.secrets = secrets;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/pipelines", this::list, Role.VIEWER);
    routes.post("/api/pipelines", this::create, Role.EDITOR);
    routes.get("/api/pipelines/{id}", this::get, Role.VIEWER);
    routes.put("/api/pipelines/{id}", this::saveVersion, Role.EDITOR);
    routes.patch("/api/pipelines/{id}", this::updateDetails, Role.EDITOR);
    routes.delete("/api/pipelines/{id}", this::delete, Role.EDITOR);
    routes.get("/api/pipelines/{id}/versions", this::versions, Role.VIEWER);
    routes.get("/api/pipelines/{id}/versions/{number}", this::version, Role.VIEWER);
  }

  record VersionView(
      int number, String author, String message, Instant createdAt, JsonNode document) {}

  record PipelineView(
      UUID id,
      String name,
      String description,
      int latestVersion,
      Instant createdAt,
      Instant updatedAt,
      VersionView version,
      DocumentChecks.Result validation) {}

  /** What the pipelines page shows of a run: its state and, when it failed, why. */
  record RunHead(UUID id, RunState state, String failure) {}

  record PipelineListItem(
      UUID id,
      String name,
      String description,
      int latestVersion,
      Instant createdAt,
      Instant updatedAt,
      RunHead latestRun) {}

  /** The author of a change that names none: the caller. */
  static String authorOf(Context ctx) {
    return io.sluice.server.auth.AccessControl.principal(ctx)
        .map(io.sluice.server.auth.Principal::username)
        .orElse(DEFAULT_AUTHOR);
  }

  private void list(Context ctx) {
    String search = ctx.queryParam("search");
    Map<UUID, Run> latestRuns = runs.latestPerPipeline();
    ctx.json(
        catalog.list(search).stream()
            .map(
                s -> {
                  Run run = latestRuns.get(s.id());
                  return new PipelineListItem(
                      s.id(),
                      s.name(),
                      s.description(),
                      s.latestVersion(),
                      s.createdAt(),
                      s.updatedAt(),
                      run == null ? null : new RunHead(run.id(), run.state(), run.failure()));
                })
            .toList());
  }

  private void create(Context ctx) {
    BodyReader body =
        BodyReader.object(
            ctx, mapper, Set.of("name", "description", "document", "message", "author"));
    String name = body.requiredString("name", MAX_NAME);
    String description = body.optionalString("description", MAX_DESCRIPTION);
    JsonNode documentJson = body.optionalObject("document");
    String message = body.optionalString("message", MAX_MESSAGE);
    String author = body.optionalString("author", MAX_AUTHOR);
    body.finish();

    PipelineDocument document =
        documentJson == null ? PipelineDocument.empty() : readDocument(documentJson);
    InlineSecrets.Incoming incoming = secrets.read(document);
    refuseIfAny(secrets.problems(incoming, List.of()));
    Pipeline created =
        catalog.create(
            name,
            description == null ? "" : description,
            PipelineJson.write(incoming.document()),
            author == null ? authorOf(ctx) : author,
            message == null ? "Created" : message,
            id -> secrets.seal(id, incoming, List.of()));
    ctx.status(201).header("Location", "/api/pipelines/" + created.summary().id());
    ctx.json(view(created, incoming.document()));
  }

  private void get(Context ctx) {
    UUID id = pipelineId(ctx);
    Pipeline pipeline = catalog.find(id).orElseThrow(() -> new PipelineNotFoundException(id));
    ctx.json(view(pipeline, storedDocument(pipeline.latest())));
  }

  private void saveVersion(Context ctx) {
    UUID id = pipelineId(ctx);
    BodyReader body =
        BodyReader.object(ctx, mapper, Set.of("baseVersion", "document", "message", "author"));
    Integer baseVersion = body.requiredInt("baseVersion", 1);
    JsonNode documentJson = body.requiredObject("document");
    String message = body.optionalString("message", MAX_MESSAGE);
    String author = body.optionalString("author", MAX_AUTHOR);
    body.finish();

    PipelineDocument document = readDocument(documentJson);
    InlineSecrets.Incoming incoming = secrets.read(document);
    // The base version's secrets: immutable but for a rotation, which keeps their values, so
    // reading them before the save's transaction is safe; a stale base is refused by the save.
    List<SealedSecret> previous = catalog.secrets(id, baseVersion);
    refuseIfAny(secrets.problems(incoming, previous));
    Pipeline saved =
        catalog.saveVersion(
            id,
            baseVersion,
            PipelineJson.write(incoming.document()),
            author == null ? authorOf(ctx) : author,
            message == null ? "" : message,
            secrets.seal(id, incoming, previous));
    ctx.json(view(saved, incoming.document()));
  }

  private void updateDetails(Context ctx) {
    UUID id = pipelineId(ctx);
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("name", "description"));
    String name = body.optionalString("name", MAX_NAME);
    String description = body.optionalString("description", MAX_DESCRIPTION);
    if (name != null && name.isBlank()) {
      body.requiredString("name", MAX_NAME); // records the blank-name problem
    }
    body.finish();
    ctx.json(catalog.updateDetails(id, name, description));
  }

  /** A running pipeline is stopped first: deleting it would leave its job running unowned. */
  private void delete(Context ctx) {
    UUID id = pipelineId(ctx);
    var active = runs.active(id);
    if (active.isPresent()) {
      throw ApiException.conflict(
          "pipeline-running",
          "Pipeline "
              + id
              + " has a run that is "
              + active.get().state().wireName()
              + "; stop it before deleting the pipeline.",
          Map.of("runId", active.get().id()));
    }
    if (!"true".equals(ctx.queryParam("keepReplicationSlots"))) {
      dropReplicationSlots(id);
    }
    catalog.delete(id);
    ctx.status(204);
  }

  /**
   * A change-data-capture node's replication slot would keep its server's WAL forever once the
   * pipeline is gone, so deleting drops the slots, and refuses while one cannot be dropped.
   */
  private void dropReplicationSlots(UUID id) {
    List<JsonNode> documents =
        catalog.versions(id).stream()
            .map(v -> catalog.version(id, v.number()))
            .flatMap(java.util.Optional::stream)
            // The slot's server is reached with the version's own password, opened here only.
            .map(v -> PipelineJson.write(secrets.opened(id, v.number(), storedDocument(v))))
            .map(JsonNode.class::cast)
            .toList();
    var failures = ReplicationSlotCleanup.drop(id, documents, checks.resolver());
    if (!failures.isEmpty()) {
      var first = failures.get(0);
      throw ApiException.conflict(
          "replication-slot-not-dropped",
          "Replication slot "
              + first.slot()
              + " of node "
              + first.node()
              + " could not be dropped: "
              + first.reason()
              + " Fix the connection and delete again, or drop the slot yourself (SELECT"
              + " pg_drop_replication_slot('"
              + first.slot()
              + "')) and delete with keepReplicationSlots=true.",
          Map.of(
              "slots",
              failures.stream()
                  .map(f -> Map.of("node", f.node(), "slot", f.slot(), "reason", f.reason()))
                  .toList()));
    }
  }

  private void versions(Context ctx) {
    UUID id = pipelineId(ctx);
    List<VersionInfo> versions = catalog.versions(id);
    if (versions.isEmpty()) {
      throw new PipelineNotFoundException(id);
    }
    ctx.json(
        versions.stream()
            .map(v -> new VersionView(v.number(), v.author(), v.message(), v.createdAt(), null))
            .toList());
  }

  private void version(Context ctx) {
    UUID id = pipelineId(ctx);
    String raw = ctx.pathParam("number");
    int number;
    try {
      number = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("Version '" + raw + "' is not a version number.");
    }
    PipelineVersion version =
        catalog
            .version(id, number)
            .orElseThrow(
                () -> ApiException.notFound("Pipeline " + id + " has no version " + number + "."));
    ctx.json(
        new VersionView(
            version.number(),
            version.author(),
            version.message(),
            version.createdAt(),
            PipelineJson.write(secrets.masked(version, storedDocument(version)))));
  }

  /** {@code document} is the stored one, without secrets; the view shows which are set. */
  private PipelineView view(Pipeline pipeline, PipelineDocument document) {
    PipelineSummary s = pipeline.summary();
    PipelineVersion v = pipeline.latest();
    List<SealedSecret> stored = catalog.secrets(s.id(), v.number());
    return new PipelineView(
        s.id(),
        s.name(),
        s.description(),
        s.latestVersion(),
        s.createdAt(),
        s.updatedAt(),
        // Written from the model rather than echoed from jsonb, which reorders keys.
        new VersionView(
            v.number(),
            v.author(),
            v.message(),
            v.createdAt(),
            PipelineJson.write(secrets.masked(document, stored))),
        checks.check(secrets.placeholders(document, stored)));
  }

  /** Versions are stored only after they were read successfully, so this cannot fail for users. */
  private static PipelineDocument storedDocument(PipelineVersion version) {
    var result = PipelineJson.read(version.document());
    if (!result.ok()) {
      throw new IllegalStateException(
          "stored version "
              + version.number()
              + " of pipeline "
              + version.pipelineId()
              + " no longer reads: "
              + result.problems());
    }
    return result.document();
  }

  private static void refuseIfAny(List<io.sluice.model.problem.Problem> problems) {
    if (!problems.isEmpty()) {
      throw ApiException.invalidDocument(problems);
    }
  }

  private static PipelineDocument readDocument(JsonNode json) {
    var result = PipelineJson.read(json);
    if (!result.ok()) {
      throw ApiException.invalidDocument(result.problems());
    }
    return result.document();
  }

  private static UUID pipelineId(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No pipeline has the id '" + raw + "' (ids are UUIDs).");
    }
  }
}
