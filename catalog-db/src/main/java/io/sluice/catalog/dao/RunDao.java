package io.sluice.catalog.dao;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code runs} table. */
@RegisterConstructorMapper(RunRow.class)
public interface RunDao {
  String COLUMNS =
      """
      id, pipeline_id, version, desired_state, state, plan::text AS plan, engine, flink_version,
      job_id, failure, restored_from, savepoint_path, checkpoint_path, started_by, created_at,
      updated_at, ended_at, schedule_id, reconciler_epoch, owner
      """;

  @SqlQuery(
      """
      INSERT INTO runs (pipeline_id, version, desired_state, state, plan, engine, flink_version,
                        restored_from, started_by, owner)
      VALUES (:pipelineId, :version, 'running', 'starting', CAST(:plan AS jsonb), :engine,
              :flinkVersion, :restoredFrom, :startedBy, :owner)
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
      @Bind("startedBy") String startedBy,
      @Bind("owner") String owner);

  @SqlQuery(
      """
      INSERT INTO runs (pipeline_id, version, desired_state, state, plan, engine, flink_version,
                        restored_from, started_by, schedule_id, reconciler_epoch, owner)
      VALUES (:pipelineId, :version, 'running', 'starting', CAST(:plan AS jsonb), :engine,
              :flinkVersion, :restoredFrom, :startedBy, :scheduleId, :epoch, :owner)
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
      @Bind("epoch") Long epoch,
      @Bind("owner") String owner);

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

  /** Runs wanted running and still active that belong to {@code owner} or to no backend yet. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM runs WHERE desired_state = 'running'
           AND state IN ('starting', 'running', 'stopping')
           AND (owner = :owner OR owner IS NULL) ORDER BY created_at
          """)
  List<RunRow> toResume(@Bind("owner") String owner);

  /** Active runs whose owner has no liveness lease, or one that has expired. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM runs r WHERE state IN ('starting', 'running', 'stopping') AND owner IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM leases l
                           WHERE l.name = :prefix || r.owner AND l.expires_at > now())
           ORDER BY created_at
          """)
  List<RunRow> orphaned(@Bind("prefix") String livenessPrefix);

  /** Adopts an active run for {@code owner}, if it is its own or nobody's. */
  @SqlQuery(
      "UPDATE runs SET owner = :owner, updated_at = now() WHERE id = :id"
          + " AND (owner = :owner OR owner IS NULL)"
          + " AND state IN ('starting', 'running', 'stopping') RETURNING "
          + COLUMNS)
  Optional<RunRow> claim(@Bind("id") UUID id, @Bind("owner") String owner);

  @SqlQuery(
      """
      UPDATE runs SET state = 'lost', desired_state = 'stopped', failure = :reason,
             updated_at = now(), ended_at = now()
      WHERE id = :id AND owner = :owner AND state IN ('starting', 'running', 'stopping')
      RETURNING
      """
          + COLUMNS)
  Optional<RunRow> markLost(
      @Bind("id") UUID id, @Bind("owner") String owner, @Bind("reason") String reason);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs WHERE state IN ('starting', 'running', 'stopping') ORDER BY created_at")
  List<RunRow> allActive();

  @SqlQuery("SELECT idle_records, idle_since FROM runs WHERE id = :id AND idle_since IS NOT NULL")
  @RegisterConstructorMapper(IdleRow.class)
  Optional<IdleRow> idle(@Bind("id") UUID id);

  @SqlUpdate("UPDATE runs SET idle_records = :records, idle_since = :since WHERE id = :id")
  int setIdle(
      @Bind("id") UUID id, @Bind("records") long records, @Bind("since") java.time.Instant since);

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
             ended_at = CASE WHEN :state IN ('stopped', 'failed', 'finished', 'lost') THEN now()
                             ELSE NULL END
      WHERE id = :id AND state <> 'lost'
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
