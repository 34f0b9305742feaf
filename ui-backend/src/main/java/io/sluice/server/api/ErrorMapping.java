package io.sluice.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.sluice.catalog.CatalogUnavailableException;
import io.sluice.catalog.ConnectionExistsException;
import io.sluice.catalog.ConnectionNotFoundException;
import io.sluice.catalog.DuplicatePipelineNameException;
import io.sluice.catalog.InvalidPipelineNameException;
import io.sluice.catalog.LeaseLostException;
import io.sluice.catalog.PipelineNotFoundException;
import io.sluice.catalog.RunAlreadyActiveException;
import io.sluice.catalog.ScheduleExistsException;
import io.sluice.catalog.ScheduleNotFoundException;
import io.sluice.catalog.StaleVersionException;
import io.sluice.executor.preview.PreviewBusyException;
import io.sluice.executor.preview.PreviewException;
import io.sluice.model.problem.Problem;
import io.sluice.server.runs.RunNotFoundException;
import io.sluice.server.runs.RunService;
import io.sluice.server.schedule.SourceNotBoundedException;
import io.sluice.server.secrets.SecretBox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP responses. Every error leaves as an RFC 9457 problem
 * document; a bug becomes a 500 with an incident id that is also in the log, never a stack trace.
 */
public final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private final ObjectMapper mapper;

  public ErrorMapping(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public void register(JavalinConfig config) {
    var routes = config.routes;
    routes.exception(
        ApiException.class,
        (e, ctx) -> {
          if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sluice\"");
          }
          if (e.extensions().get("retryAfterSeconds") instanceof Long seconds) {
            ctx.header("Retry-After", Long.toString(seconds));
          }
          send(ctx, e.toProblems(ctx.path()));
        });
    routes.exception(
        io.sluice.catalog.DuplicateUserException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("duplicate-user", e.getMessage(), Map.of())
                    .toProblems(ctx.path())));
    routes.exception(
        io.sluice.catalog.UserNotFoundException.class,
        (e, ctx) -> send(ctx, ApiException.notFound(e.getMessage()).toProblems(ctx.path())));
    routes.exception(
        io.sluice.catalog.LastAdminException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("last-admin", e.getMessage(), Map.of())
                    .toProblems(ctx.path())));
    routes.exception(
        StaleVersionException.class,
        (e, ctx) -> {
          Map<String, Object> extensions = new LinkedHashMap<>();
          extensions.put("currentVersion", e.currentVersion());
          extensions.put("baseVersion", e.baseVersion());
          send(
              ctx,
              ApiException.conflict("stale-version", e.getMessage(), extensions)
                  .toProblems(ctx.path()));
        });
    routes.exception(
        DuplicatePipelineNameException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("duplicate-name", e.getMessage(), Map.of("name", e.name()))
                    .toProblems(ctx.path())));
    routes.exception(
        PipelineNotFoundException.class,
        (e, ctx) -> send(ctx, ApiException.notFound(e.getMessage()).toProblems(ctx.path())));
    routes.exception(
        RunAlreadyActiveException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("run-already-active", e.getMessage(), Map.of())
                    .toProblems(ctx.path())));
    routes.exception(
        RunService.RunNotActiveException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("run-not-active", e.getMessage(), Map.of())
                    .toProblems(ctx.path())));
    routes.exception(
        ScheduleExistsException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("schedule-exists", e.getMessage(), Map.of())
                    .toProblems(ctx.path())));
    routes.exception(
        ScheduleNotFoundException.class,
        (e, ctx) -> send(ctx, ApiException.notFound(e.getMessage()).toProblems(ctx.path())));
    routes.exception(
        SourceNotBoundedException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.unprocessable("source-not-bounded", e.getMessage(), e.problems())
                    .toProblems(ctx.path())));
    routes.exception(
        RunService.ReplayRefusedException.class,
        (e, ctx) ->
            send(
                ctx,
                (e.conflict()
                        ? ApiException.conflict("replay-refused", e.getMessage(), Map.of())
                        : ApiException.unprocessable("replay-refused", e.getMessage(), List.of()))
                    .toProblems(ctx.path())));
    routes.exception(
        RunNotFoundException.class,
        (e, ctx) -> send(ctx, ApiException.notFound(e.getMessage()).toProblems(ctx.path())));
    routes.exception(
        RunService.NotRunnableException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.unprocessable("pipeline-not-runnable", e.getMessage(), e.problems())
                    .toProblems(ctx.path())));
    routes.exception(
        InvalidPipelineNameException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.invalidBody(
                        List.of(new Problem(null, "name", "invalid-name", e.getMessage())))
                    .toProblems(ctx.path())));
    routes.exception(
        ConnectionExistsException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.conflict("duplicate-name", e.getMessage(), Map.of("name", e.name()))
                    .toProblems(ctx.path())));
    routes.exception(
        ConnectionNotFoundException.class,
        (e, ctx) -> send(ctx, ApiException.notFound(e.getMessage()).toProblems(ctx.path())));
    routes.exception(
        SecretBox.SecretUnavailableException.class,
        (e, ctx) -> {
          // The message names key ids only, never a secret.
          LOG.error("Secret unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          send(
              ctx,
              new Problems(
                  "urn:sluice:problem:secret-unavailable",
                  "Service unavailable",
                  503,
                  e.getMessage(),
                  ctx.path(),
                  null,
                  Map.of()));
        });
    routes.exception(
        CatalogUnavailableException.class,
        (e, ctx) -> {
          LOG.warn("Catalog unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          send(
              ctx,
              new Problems(
                  "urn:sluice:problem:catalog-unavailable",
                  "Service unavailable",
                  503,
                  "The catalog database cannot be reached; try again shortly.",
                  ctx.path(),
                  null,
                  Map.of()));
        });
    routes.exception(
        PreviewBusyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", "5");
          send(
              ctx,
              new Problems(
                  "urn:sluice:problem:too-many-previews",
                  "Too many requests",
                  429,
                  e.getMessage(),
                  ctx.path(),
                  null,
                  Map.of()));
        });
    routes.exception(
        PreviewException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.unprocessable(
                        "preview-refused",
                        e.getMessage(),
                        List.of(
                            new Problem(e.nodeId(), e.field(), "preview-refused", e.getMessage())))
                    .toProblems(ctx.path())));
    routes.exception(
        LeaseLostException.class,
        (e, ctx) -> {
          // This backend's own liveness lapsed (a slow catalog, a long pause): it may not start
          // or adopt runs until it holds it again, which it retries by itself.
          LOG.warn("Lease lost on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          ctx.header("Retry-After", "5");
          send(
              ctx,
              new Problems(
                  "urn:sluice:problem:backend-not-live",
                  "Service unavailable",
                  503,
                  "This Sluice backend is renewing its lease on the catalog and cannot act on"
                      + " runs right now; try again in a few seconds.",
                  ctx.path(),
                  null,
                  Map.of()));
        });
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> send(ctx, httpProblem(e.getStatus(), e.getMessage(), ctx.path())));
    routes.exception(
        JsonProcessingException.class,
        (e, ctx) ->
            send(
                ctx,
                ApiException.badRequest(
                        "malformed-json",
                        "The request body is not valid JSON: "
                            + BodyReader.withoutTokens(e.getOriginalMessage()),
                        List.of())
                    .toProblems(ctx.path())));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          String incident = UUID.randomUUID().toString();
          LOG.error(
              "Unexpected error on {} {} (incident {})", ctx.method(), ctx.path(), incident, e);
          send(
              ctx,
              new Problems(
                  "about:blank",
                  "Internal server error",
                  500,
                  "Sluice could not complete this request. The server log has the details under"
                      + " incident "
                      + incident
                      + ".",
                  ctx.path(),
                  null,
                  Map.of("incident", incident)));
        });
    // Requests that reach no handler at all (unknown paths, wrong methods).
    for (int status : new int[] {404, 405}) {
      routes.error(
          status,
          "*",
          ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith(Problems.CONTENT_TYPE)) {
              send(
                  ctx,
                  httpProblem(
                      status,
                      "No endpoint " + ctx.method() + " " + ctx.path() + " exists.",
                      ctx.path()));
            }
          });
    }
  }

  private Problems httpProblem(int status, String detail, String instance) {
    HttpStatus known = HttpStatus.forStatus(status);
    String title = known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
    String message = detail;
    if (status == 413) {
      message = "The request body is larger than this server accepts (" + detail + ").";
    }
    return new Problems("about:blank", title, status, message, instance, null, Map.of());
  }

  private void send(Context ctx, Problems problems) {
    try {
      ctx.status(problems.status())
          .contentType(Problems.CONTENT_TYPE)
          .result(mapper.writeValueAsString(problems));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a problem document", e);
    }
  }
}
