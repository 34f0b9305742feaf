package io.sluice.server.auth;

import java.util.Map;

/**
 * Names of the audit actions for writes whose handlers do not record one themselves, by route
 * ({@code "METHOD path"} as registered). A write missing here is recorded under its route.
 */
final class AuditActions {
  private AuditActions() {}

  record Action(String name, String targetType) {}

  static final Map<String, Action> BY_ROUTE =
      Map.ofEntries(
          Map.entry("POST /api/pipelines", new Action("pipeline.create", "pipeline")),
          Map.entry("PUT /api/pipelines/{id}", new Action("pipeline.save-version", "pipeline")),
          Map.entry("PATCH /api/pipelines/{id}", new Action("pipeline.update", "pipeline")),
          Map.entry("DELETE /api/pipelines/{id}", new Action("pipeline.delete", "pipeline")),
          Map.entry("POST /api/pipelines/{id}/runs", new Action("run.start", "pipeline")),
          Map.entry("POST /api/runs/{runId}/stop", new Action("run.stop", "run")),
          Map.entry("POST /api/pipelines/{id}/schedule", new Action("schedule.create", "pipeline")),
          Map.entry("PUT /api/pipelines/{id}/schedule", new Action("schedule.update", "pipeline")),
          Map.entry(
              "DELETE /api/pipelines/{id}/schedule", new Action("schedule.delete", "pipeline")),
          Map.entry(
              "POST /api/pipelines/{id}/schedule/pause", new Action("schedule.pause", "pipeline")),
          Map.entry(
              "POST /api/pipelines/{id}/schedule/resume",
              new Action("schedule.resume", "pipeline")),
          Map.entry(
              "POST /api/pipelines/{id}/dead-letters/replay",
              new Action("dead-letter.replay", "pipeline")));

  /** Writes by method that change nothing: not audited. */
  static final java.util.Set<String> NOT_CHANGES =
      java.util.Set.of("POST /api/validate", "POST /api/node-types/{type}/check");
}
