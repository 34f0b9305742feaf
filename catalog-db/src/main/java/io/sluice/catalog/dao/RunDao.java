package io.sluice.catalog.dao;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The {@code runs} table. */
@RegisterConstructorMapper(RunRow.class)
public interface RunDao {
  String COLUMNS =
      """
      id, pipeline_id, version, desired_state, state, plan::text AS plan, engine, flink_version,
      job_id, failure, restored_from, savepoint_path, checkpoint_path, started_by, created_at,
      updated_at, ended_at, schedule_id, reconciler_epoch
      """;

  @SqlQuery(
      """
      INSERT INTO runs (pipeline_id, version, desired_state, state, plan, engine, flink_version,
                        restored_from, started_by)
      VALUES (:pipelineId, :version, 'running', 'starting', CAST(:plan AS jsonb), :engine,
              :flinkVersion, :restoredFrom, :startedBy)
      RETURNING
      """
          + COLUMNS)
  RunRow insert(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("version") int version,
      @Bind("plan") String plan,
      @Bind("engine") String engine,
      @Bind("flinkVersion") String flinkVersion,
      @Bind("restoredFrom") String restoredFrom,
      @Bind("startedBy") String startedBy);

  @SqlQuery(
      """
      INSERT INTO runs (pipeline_id, version, desired_state, state, plan, engine, flink_version,
                        restored_from, started_by, schedule_id, reconciler_epoch)
      VALUES (:pipelineId, :version, 'running', 'starting', CAST(:plan AS jsonb), :engine,
              :flinkVersion, :restoredFrom, :startedBy, :scheduleId, :epoch)
      RETURNING
      """
          + COLUMNS)
  RunRow insertScheduled(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("version") int version,
      @Bind("plan") String plan,
      @Bind("engine") String engine,
      @Bind("flinkVersion") String flinkVersion,
      @Bind("restoredFrom") String restoredFrom,
      @Bind("startedBy") String startedBy,
      @Bind("scheduleId") UUID scheduleId,
      @Bind("epoch") long epoch);

  @SqlQuery(
      "SELECT " + COLUMNS + " FROM runs WHERE schedule_id = :scheduleId ORDER BY created_at DESC")
  List<RunRow> listBySchedule(@Bind("scheduleId") UUID scheduleId);

  @SqlQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id")
  Optional<RunRow> find(@Bind("id") UUID id);

  @SqlQuery(
      "SELECT " + COLUMNS + " FROM runs WHERE pipeline_id = :pipelineId ORDER BY created_at DESC")
  List<RunRow> listByPipeline(@Bind("pipelineId") UUID pipelineId);

  /** The newest run of every pipeline that has one. */
  @SqlQuery(
      "SELECT DISTINCT ON (pipeline_id) "
          + COLUMNS
          + " FROM runs ORDER BY pipeline_id, created_at DESC")
  List<RunRow> latestPerPipeline();

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM runs WHERE pipeline_id = :pipelineId
           AND state IN ('starting', 'running', 'stopping')
          """)
  Optional<RunRow> active(@Bind("pipelineId") UUID pipelineId);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM runs WHERE desired_state = 'running'
           AND state IN ('starting', 'running', 'stopping') ORDER BY created_at
          """)
  List<RunRow> toResume();

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs WHERE state IN ('starting', 'running', 'stopping') ORDER BY created_at")
  List<RunRow> allActive();

  /** The newest run of a pipeline that left a savepoint or checkpoint behind. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM runs WHERE pipeline_id = :pipelineId
           AND (savepoint_path IS NOT NULL OR checkpoint_path IS NOT NULL)
           ORDER BY created_at DESC LIMIT 1
          """)
  Optional<RunRow> lastWithProgress(@Bind("pipelineId") UUID pipelineId);

  @SqlQuery(
      """
      UPDATE runs SET state = :state, job_id = COALESCE(:jobId, job_id),
             failure = COALESCE(:failure, failure),
             savepoint_path = COALESCE(:savepointPath, savepoint_path),
             checkpoint_path = COALESCE(:checkpointPath, checkpoint_path),
             desired_state = COALESCE(:desiredState, desired_state),
             updated_at = now(),
             ended_at = CASE WHEN :state IN ('stopped', 'failed', 'finished') THEN now()
                             ELSE NULL END
      WHERE id = :id
      RETURNING
      """
          + COLUMNS)
  Optional<RunRow> update(
      @Bind("id") UUID id,
      @Bind("state") String state,
      @Bind("desiredState") String desiredState,
      @Bind("jobId") String jobId,
      @Bind("failure") String failure,
      @Bind("savepointPath") String savepointPath,
      @Bind("checkpointPath") String checkpointPath);
}
