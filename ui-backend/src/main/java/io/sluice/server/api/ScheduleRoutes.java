package io.sluice.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.model.document.Durations;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.Role;
import io.sluice.server.schedule.SchedulePolicy;
import io.sluice.server.schedule.ScheduleService;
import io.sluice.server.schedule.ScheduleView;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A pipeline's schedule: create, read, edit, delete, pause, resume, next fire times and the runs it
 * started. Bodies are flat: {@code {"kind": "cron", "cron": "0 2 * * *", "timeZone":
 * "Europe/Berlin", "runFor": "1h"}}.
 */
public final class ScheduleRoutes {
  static final int MAX_FIRE_TIMES = 100;
  private static final int MAX_TEXT = 200;
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          SchedulePolicy.Continuous.KIND,
              Set.of("maxFailures", "failureWindow", "initialBackoff", "maxBackoff"),
          SchedulePolicy.CronWindow.KIND, Set.of("cron", "timeZone", "runFor", "stopWhenIdle"),
          SchedulePolicy.Backfill.KIND, Set.of());
  private static final Set<String> ALL_FIELDS =
      Set.of(
          "kind",
          "paused",
          "maxFailures",
          "failureWindow",
          "initialBackoff",
          "maxBackoff",
          "cron",
          "timeZone",
          "runFor",
          "stopWhenIdle");

  private final ScheduleService schedules;
  private final ObjectMapper mapper;

  public ScheduleRoutes(ScheduleService schedules, ObjectMapper mapper) {
    this.schedules = schedules;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/schedules", ctx -> ctx.json(schedules.list()), Role.VIEWER);
    routes.post("/api/pipelines/{id}/schedule", this::create, Role.EDITOR);
    routes.get(
        "/api/pipelines/{id}/schedule", ctx -> ctx.json(schedules.get(pipeline(ctx))), Role.VIEWER);
    routes.put("/api/pipelines/{id}/schedule", this::update, Role.EDITOR);
    routes.delete(
        "/api/pipelines/{id}/schedule",
        ctx -> {
          schedules.delete(pipeline(ctx));
          ctx.status(204);
        },
        Role.EDITOR);
    routes.post(
        "/api/pipelines/{id}/schedule/pause",
        ctx -> ctx.json(schedules.pause(pipeline(ctx))),
        Role.EDITOR);
    routes.post(
        "/api/pipelines/{id}/schedule/resume",
        ctx -> ctx.json(schedules.resume(pipeline(ctx))),
        Role.EDITOR);
    routes.get("/api/pipelines/{id}/schedule/next", this::next, Role.VIEWER);
    routes.get(
        "/api/pipelines/{id}/schedule/runs",
        ctx -> ctx.json(schedules.history(pipeline(ctx))),
        Role.VIEWER);
  }

  private void create(Context ctx) {
    UUID pipelineId = pipeline(ctx);
    BodyReader body = BodyReader.object(ctx, mapper, ALL_FIELDS);
    Boolean paused = body.optionalBoolean("paused");
    SchedulePolicy policy = policy(body);
    body.finish();
    ScheduleView created = schedules.create(pipelineId, policy, Boolean.TRUE.equals(paused));
    ctx.status(201).header("Location", "/api/pipelines/" + pipelineId + "/schedule").json(created);
  }

  private void update(Context ctx) {
    UUID pipelineId = pipeline(ctx);
    Set<String> allowed = new HashSet<>(ALL_FIELDS);
    allowed.remove("paused"); // pause and resume have their own endpoints
    BodyReader body = BodyReader.object(ctx, mapper, allowed);
    SchedulePolicy policy = policy(body);
    body.finish();
    ctx.json(schedules.update(pipelineId, policy));
  }

  private void next(Context ctx) {
    UUID pipelineId = pipeline(ctx);
    int count = 5;
    String raw = ctx.queryParam("count");
    if (raw != null) {
      try {
        count = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1 || count > MAX_FIRE_TIMES) {
        throw ApiException.badRequest(
            "invalid-parameter",
            "'count' must be a whole number from 1 to " + MAX_FIRE_TIMES + ", was '" + raw + "'.",
            List.of(
                new Problem(
                    null,
                    "count",
                    "invalid-value",
                    "'count' must be a whole number from 1 to " + MAX_FIRE_TIMES + ".")));
      }
    }
    String previewed = ctx.queryParam("cron");
    if (previewed != null) {
      ctx.json(preview(ctx, pipelineId, previewed, count));
      return;
    }
    ScheduleView schedule = schedules.get(pipelineId);
    ZoneId zone =
        schedule.settings().has("timeZone")
            ? ZoneId.of(schedule.settings().path("timeZone").asText())
            : ZoneId.of("UTC");
    ObjectNode answer = mapper.createObjectNode();
    answer.put("kind", schedule.kind());
    answer.put("description", schedule.description());
    answer.put("timeZone", zone.getId());
    ArrayNode times = answer.putArray("fireTimes");
    for (Instant at : schedules.nextFireTimes(pipelineId, count)) {
      times
          .addObject()
          .put("at", at.toString())
          .put("local", at.atZone(zone).toOffsetDateTime().toString());
    }
    ctx.json(answer);
  }

  /** The fire times of a cron expression and zone being edited, before they are saved. */
  private ObjectNode preview(Context ctx, UUID pipelineId, String expression, int count) {
    String zoneText = ctx.queryParam("timeZone");
    ZoneId zone;
    try {
      zone =
          zoneText == null || zoneText.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zoneText.strip());
    } catch (DateTimeException e) {
      String message =
          "'timeZone' must be a time-zone id such as Europe/Berlin or UTC, was '" + zoneText + "'.";
      throw ApiException.badRequest(
          "invalid-parameter",
          message,
          List.of(new Problem(null, "timeZone", "invalid-value", message)));
    }
    List<String> reasons = new ArrayList<>();
    if (SchedulePolicy.CronWindow.parse(expression, reasons).isEmpty()) {
      String message =
          "'cron' must have five fields (minute hour day-of-month month day-of-week), such as '0 2"
              + " * * *': "
              + String.join("; ", reasons);
      throw ApiException.badRequest(
          "invalid-parameter",
          message,
          List.of(new Problem(null, "cron", "invalid-cron", message)));
    }
    SchedulePolicy.CronWindow policy =
        new SchedulePolicy.CronWindow(expression, zone, Duration.ofMinutes(1));
    ObjectNode answer = mapper.createObjectNode();
    answer.put("kind", SchedulePolicy.CronWindow.KIND);
    answer.put("description", policy.describeWhen() + " (" + zone.getId() + ")");
    answer.put("timeZone", zone.getId());
    ArrayNode times = answer.putArray("fireTimes");
    for (Instant at : schedules.preview(pipelineId, policy, count)) {
      times
          .addObject()
          .put("at", at.toString())
          .put("local", at.atZone(zone).toOffsetDateTime().toString());
    }
    return answer;
  }

  /** Reads the kind and its settings, adding a problem to {@code body} for each mistake. */
  private static SchedulePolicy policy(BodyReader body) {
    String kind = body.requiredString("kind", MAX_TEXT);
    if (kind == null) {
      return null;
    }
    Set<String> fields = FIELDS.get(kind);
    if (fields == null) {
      body.problem(
          new Problem(
              null,
              "kind",
              "invalid-value",
              "'kind' must be one of [backfill, continuous, cron], was '" + kind + "'."));
      return null;
    }
    for (String field : ALL_FIELDS) {
      if (!field.equals("kind") && !field.equals("paused") && !fields.contains(field)) {
        if (body.has(field)) {
          body.problem(
              new Problem(
                  null,
                  field,
                  "unknown-field",
                  "Field '"
                      + field
                      + "' does not apply to a "
                      + kind
                      + " schedule; its fields are "
                      + new TreeSet<>(fields)
                      + "."));
        }
      }
    }
    return switch (kind) {
      case SchedulePolicy.Continuous.KIND -> continuous(body);
      case SchedulePolicy.CronWindow.KIND -> cron(body);
      default -> new SchedulePolicy.Backfill();
    };
  }

  private static SchedulePolicy continuous(BodyReader body) {
    Integer maxFailures = body.optionalInt("maxFailures", 1);
    Duration window =
        duration(body, "failureWindow", SchedulePolicy.Continuous.DEFAULT_FAILURE_WINDOW);
    Duration initial =
        duration(body, "initialBackoff", SchedulePolicy.Continuous.DEFAULT_INITIAL_BACKOFF);
    Duration max = duration(body, "maxBackoff", SchedulePolicy.Continuous.DEFAULT_MAX_BACKOFF);
    if (window == null || initial == null || max == null) {
      return null;
    }
    if (max.compareTo(initial) < 0) {
      body.problem(
          new Problem(
              null,
              "maxBackoff",
              "invalid-value",
              "'maxBackoff' ("
                  + Durations.format(max)
                  + ") must not be shorter than 'initialBackoff' ("
                  + Durations.format(initial)
                  + ")."));
      return null;
    }
    if (maxFailures == null && !body.isNull("maxFailures")) {
      return null; // not a whole number of at least 1: the reader has the problem
    }
    return new SchedulePolicy.Continuous(
        maxFailures == null ? SchedulePolicy.Continuous.DEFAULT_MAX_FAILURES : maxFailures,
        window,
        initial,
        max);
  }

  private static SchedulePolicy cron(BodyReader body) {
    String expression = body.requiredString("cron", MAX_TEXT);
    String zoneText = body.optionalString("timeZone", MAX_TEXT);
    Duration runFor = duration(body, "runFor", null);
    Duration stopWhenIdle = duration(body, "stopWhenIdle", null);
    boolean idleOk = body.isNull("stopWhenIdle") || stopWhenIdle != null;
    if (body.isNull("runFor")) {
      body.problem(
          new Problem(
              null,
              "runFor",
              "missing-field",
              "'runFor' is required: how long each run lasts, such as 30m or 2h."));
    }
    ZoneId zone = ZoneId.of("UTC");
    if (zoneText != null) {
      try {
        zone = ZoneId.of(zoneText);
      } catch (DateTimeException e) {
        body.problem(
            new Problem(
                null,
                "timeZone",
                "invalid-value",
                "'timeZone' must be a time-zone id such as Europe/Berlin or UTC, was '"
                    + zoneText
                    + "'."));
        zone = null;
      }
    }
    boolean cronOk = false;
    if (expression != null) {
      List<String> reasons = new ArrayList<>();
      cronOk = SchedulePolicy.CronWindow.parse(expression, reasons).isPresent();
      if (!cronOk) {
        body.problem(
            new Problem(
                null,
                "cron",
                "invalid-cron",
                "'cron' must have five fields (minute hour day-of-month month day-of-week), such"
                    + " as '0 2 * * *': "
                    + String.join("; ", reasons)));
      }
    }
    if (!cronOk || zone == null || runFor == null || !idleOk) {
      return null;
    }
    return new SchedulePolicy.CronWindow(expression, zone, runFor, stopWhenIdle);
  }

  /** A positive duration, {@code fallback} when absent; null with a problem when wrong. */
  private static Duration duration(BodyReader body, String field, Duration fallback) {
    if (body.isNull(field)) {
      return fallback;
    }
    String text = body.optionalString(field, MAX_TEXT);
    if (text == null) {
      return null; // not a string: the reader has the problem
    }
    var parsed = Durations.parse(text);
    if (parsed.isEmpty() || parsed.get().isZero() || parsed.get().isNegative()) {
      body.problem(
          new Problem(
              null,
              field,
              "invalid-value",
              "'" + field + "' must be " + Durations.EXPECTED + ", was '" + text + "'."));
      return null;
    }
    return parsed.get();
  }

  private static UUID pipeline(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No pipeline has the id '" + raw + "' (ids are UUIDs).");
    }
  }
}
