package io.sluice.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.Role;
import io.sluice.server.runs.RunService;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Runs: start a pipeline version, follow it, stop it with a savepoint. */
public final class RunRoutes {
  private final RunService runs;
  private final ObjectMapper mapper;

  public RunRoutes(RunService runs, ObjectMapper mapper) {
    this.runs = runs;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/pipelines/{id}/runs", this::start, Role.EDITOR);
    routes.get("/api/pipelines/{id}/runs", this::list, Role.VIEWER);
    routes.get("/api/pipelines/{id}/state-compatibility", this::stateCompatibility, Role.VIEWER);
    routes.get("/api/runs/{runId}", this::get, Role.VIEWER);
    routes.post("/api/runs/{runId}/stop", this::stop, Role.EDITOR);
    routes.get("/api/runs/{runId}/restarts", this::restarts, Role.VIEWER);
  }

  private void start(Context ctx) {
    UUID pipelineId = uuid(ctx, "id", "pipeline");
    Integer version = null;
    boolean resetState = false;
    String author = null;
    if (!ctx.body().isBlank()) {
      BodyReader body = BodyReader.object(ctx, mapper, Set.of("version", "resetState", "author"));
      version = body.optionalInt("version", 1);
      resetState = Boolean.TRUE.equals(body.optionalBoolean("resetState"));
      author = body.optionalString("author", PipelineRoutes.MAX_AUTHOR);
      body.finish();
    }
    var run =
        runs.start(
            pipelineId,
            version,
            resetState,
            author == null ? PipelineRoutes.authorOf(ctx) : author);
    ctx.status(201).header("Location", "/api/runs/" + run.id()).json(run);
  }

  private void stateCompatibility(Context ctx) {
    UUID pipelineId = uuid(ctx, "id", "pipeline");
    Integer version = null;
    String raw = ctx.queryParam("version");
    if (raw != null) {
      try {
        version = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        version = 0;
      }
      if (version < 1) {
        throw ApiException.badRequest(
            "invalid-query-parameter",
            "'version' must be a version number from 1, was '" + raw + "'.",
            List.of(
                new Problem(
                    null,
                    "version",
                    "invalid-query-parameter",
                    "'version' must be a version number from 1, was '" + raw + "'.")));
      }
    }
    ctx.json(runs.stateCompatibility(pipelineId, version));
  }

  private void list(Context ctx) {
    ctx.json(runs.list(uuid(ctx, "id", "pipeline")));
  }

  private void get(Context ctx) {
    ctx.json(runs.get(uuid(ctx, "runId", "run")));
  }

  /** The failures behind a run's automatic restarts, newest first. */
  record Restarts(UUID runId, java.util.List<io.sluice.executor.engine.RestartCause> restarts) {}

  private void restarts(Context ctx) {
    UUID runId = uuid(ctx, "runId", "run");
    ctx.json(new Restarts(runId, runs.restartCauses(runId)));
  }

  private void stop(Context ctx) {
    ctx.json(runs.stop(uuid(ctx, "runId", "run")));
  }

  private static UUID uuid(Context ctx, String param, String what) {
    String raw = ctx.pathParam(param);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      if (what.equals("run")) {
        throw ApiException.notFound("No run has the id '" + raw + "' (ids are UUIDs).");
      }
      throw ApiException.notFound("No pipeline has the id '" + raw + "' (ids are UUIDs).");
    }
  }
}
