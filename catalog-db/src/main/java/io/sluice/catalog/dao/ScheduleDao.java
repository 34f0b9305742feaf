package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code schedules} table. */
@RegisterConstructorMapper(ScheduleRow.class)
public interface ScheduleDao {
  String COLUMNS =
      """
      s.id, s.pipeline_id, s.kind, s.spec::text AS spec, s.paused, s.status, s.attention,
      s.failures_since, s.last_fire_at, s.created_at, s.updated_at
      """;

  @SqlQuery(
      """
      INSERT INTO schedules AS s (pipeline_id, kind, spec, failures_since)
      VALUES (:pipelineId, :kind, CAST(:spec AS jsonb), :now)
      RETURNING
      """
          + COLUMNS)
  ScheduleRow insert(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("kind") String kind,
      @Bind("spec") String spec,
      @Bind("now") Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM schedules s WHERE s.pipeline_id = :pipelineId")
  Optional<ScheduleRow> findByPipeline(@Bind("pipelineId") UUID pipelineId);

  /** Schedules of pipelines that are not deleted, oldest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM schedules s JOIN pipelines p ON p.id = s.pipeline_id
           WHERE p.deleted_at IS NULL ORDER BY s.created_at
          """)
  List<ScheduleRow> listLive();

  /** A new kind or spec: the schedule becomes active again and earlier failures stop counting. */
  @SqlQuery(
      """
      UPDATE schedules s SET kind = :kind, spec = CAST(:spec AS jsonb), status = 'active',
             attention = NULL, failures_since = :now, updated_at = now()
      WHERE s.pipeline_id = :pipelineId
      RETURNING
      """
          + COLUMNS)
  Optional<ScheduleRow> update(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("kind") String kind,
      @Bind("spec") String spec,
      @Bind("now") Instant now);

  @SqlQuery(
      """
      UPDATE schedules s SET paused = true, updated_at = now()
      WHERE s.pipeline_id = :pipelineId
      RETURNING
      """
          + COLUMNS)
  Optional<ScheduleRow> pause(@Bind("pipelineId") UUID pipelineId);

  /** Resuming also clears a need for attention: the person has looked at it. */
  @SqlQuery(
      """
      UPDATE schedules s SET paused = false,
             status = CASE WHEN s.status = 'needs-attention' THEN 'active' ELSE s.status END,
             attention = NULL, failures_since = :now, updated_at = now()
      WHERE s.pipeline_id = :pipelineId
      RETURNING
      """
          + COLUMNS)
  Optional<ScheduleRow> resume(@Bind("pipelineId") UUID pipelineId, @Bind("now") Instant now);

  @SqlUpdate("DELETE FROM schedules WHERE pipeline_id = :pipelineId")
  int delete(@Bind("pipelineId") UUID pipelineId);

  @SqlUpdate(
      """
      UPDATE schedules SET status = :status, attention = :attention, updated_at = now()
      WHERE id = :id
      """)
  int setStatus(
      @Bind("id") UUID id, @Bind("status") String status, @Bind("attention") String attention);

  @SqlUpdate("UPDATE schedules SET last_fire_at = :fireAt, updated_at = now() WHERE id = :id")
  int setLastFire(@Bind("id") UUID id, @Bind("fireAt") Instant fireAt);
}
