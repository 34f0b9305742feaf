package io.sluice.catalog.dao;

import io.sluice.catalog.NodeSample;
import io.sluice.catalog.NodeTotal;
import io.sluice.catalog.RunSample;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code node_metrics} and {@code run_metrics} tables. Counters keep the last value of a step
 * ({@code (array_agg(x ORDER BY at DESC))[1]}), rates and busy times the average; steps start at
 * multiples of the step since the epoch.
 */
@RegisterConstructorMapper(NodeSample.class)
@RegisterConstructorMapper(RunSample.class)
@RegisterConstructorMapper(NodeTotal.class)
public interface MetricsDao {

  /** The newest sample of each node of each of the runs, whatever its resolution. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (run_id, node_id) run_id, node_id, at, records_in, records_out
      FROM node_metrics WHERE run_id IN (<runIds>)
      ORDER BY run_id, node_id, at DESC, resolution
      """)
  List<NodeTotal> latestNodeTotals(@BindList("runIds") List<UUID> runIds);

  @SqlBatch(
      """
      INSERT INTO node_metrics (run_id, node_id, resolution, at, records_in, records_out,
                                records_in_rate, records_out_rate, bytes_in, bytes_out,
                                dead_letter, skipped, busy_ms_per_s, back_pressured_ms_per_s,
                                lag_files, lag_bytes, lag_records)
      VALUES (:runId, :s.nodeId, :resolution, :s.at, :s.recordsIn, :s.recordsOut,
              :s.recordsInRate, :s.recordsOutRate, :s.bytesIn, :s.bytesOut, :s.deadLetter,
              :s.skipped, :s.busyMsPerS, :s.backPressuredMsPerS, :s.lagFiles, :s.lagBytes,
              :s.lagRecords)
      ON CONFLICT DO NOTHING
      """)
  void insertNodes(
      @Bind("runId") UUID runId,
      @Bind("resolution") int resolution,
      @BindMethods("s") List<NodeSample> samples);

  @SqlUpdate(
      """
      INSERT INTO run_metrics (run_id, resolution, at, checkpoints_completed, checkpoints_failed,
                               checkpoints_in_progress, last_checkpoint_at,
                               last_checkpoint_duration_ms, last_checkpoint_size_bytes, restarts,
                               uptime_ms, dead_letter)
      VALUES (:runId, :resolution, :s.at, :s.checkpointsCompleted, :s.checkpointsFailed,
              :s.checkpointsInProgress, :s.lastCheckpointAt, :s.lastCheckpointDurationMs,
              :s.lastCheckpointSizeBytes, :s.restarts, :s.uptimeMs, :s.deadLetter)
      ON CONFLICT DO NOTHING
      """)
  void insertRun(
      @Bind("runId") UUID runId,
      @Bind("resolution") int resolution,
      @BindMethods("s") RunSample sample);

  @SqlUpdate(
      """
      INSERT INTO node_metrics (run_id, node_id, resolution, at, records_in, records_out,
                                records_in_rate, records_out_rate, bytes_in, bytes_out,
                                dead_letter, skipped, busy_ms_per_s, back_pressured_ms_per_s,
                                lag_files, lag_bytes, lag_records)
      SELECT run_id, node_id, :to, to_timestamp(floor(extract(epoch FROM at) / :to) * :to),
             (array_agg(records_in ORDER BY at DESC))[1],
             (array_agg(records_out ORDER BY at DESC))[1],
             avg(records_in_rate), avg(records_out_rate),
             (array_agg(bytes_in ORDER BY at DESC))[1],
             (array_agg(bytes_out ORDER BY at DESC))[1],
             (array_agg(dead_letter ORDER BY at DESC))[1],
             (array_agg(skipped ORDER BY at DESC))[1],
             avg(busy_ms_per_s), avg(back_pressured_ms_per_s),
             (array_agg(lag_files ORDER BY at DESC))[1],
             (array_agg(lag_bytes ORDER BY at DESC))[1],
             (array_agg(lag_records ORDER BY at DESC))[1]
      FROM node_metrics
      WHERE resolution = :from AND at >= :since AND at < :until
      GROUP BY run_id, node_id, 4
      ON CONFLICT DO NOTHING
      """)
  int rollUpNodes(
      @Bind("from") int fromResolution,
      @Bind("to") int toResolution,
      @Bind("since") Instant since,
      @Bind("until") Instant until);

  @SqlUpdate(
      """
      INSERT INTO run_metrics (run_id, resolution, at, checkpoints_completed, checkpoints_failed,
                               checkpoints_in_progress, last_checkpoint_at,
                               last_checkpoint_duration_ms, last_checkpoint_size_bytes, restarts,
                               uptime_ms, dead_letter)
      SELECT run_id, :to, to_timestamp(floor(extract(epoch FROM at) / :to) * :to),
             (array_agg(checkpoints_completed ORDER BY at DESC))[1],
             (array_agg(checkpoints_failed ORDER BY at DESC))[1],
             (array_agg(checkpoints_in_progress ORDER BY at DESC))[1],
             (array_agg(last_checkpoint_at ORDER BY at DESC))[1],
             (array_agg(last_checkpoint_duration_ms ORDER BY at DESC))[1],
             (array_agg(last_checkpoint_size_bytes ORDER BY at DESC))[1],
             (array_agg(restarts ORDER BY at DESC))[1],
             (array_agg(uptime_ms ORDER BY at DESC))[1],
             (array_agg(dead_letter ORDER BY at DESC))[1]
      FROM run_metrics
      WHERE resolution = :from AND at >= :since AND at < :until
      GROUP BY run_id, 3
      ON CONFLICT DO NOTHING
      """)
  int rollUpRuns(
      @Bind("from") int fromResolution,
      @Bind("to") int toResolution,
      @Bind("since") Instant since,
      @Bind("until") Instant until);

  @SqlQuery(
      """
      SELECT node_id, to_timestamp(floor(extract(epoch FROM at) / :step) * :step) AS at,
             (array_agg(records_in ORDER BY at DESC))[1] AS records_in,
             (array_agg(records_out ORDER BY at DESC))[1] AS records_out,
             avg(records_in_rate) AS records_in_rate, avg(records_out_rate) AS records_out_rate,
             (array_agg(bytes_in ORDER BY at DESC))[1] AS bytes_in,
             (array_agg(bytes_out ORDER BY at DESC))[1] AS bytes_out,
             (array_agg(dead_letter ORDER BY at DESC))[1] AS dead_letter,
             (array_agg(skipped ORDER BY at DESC))[1] AS skipped,
             avg(busy_ms_per_s) AS busy_ms_per_s,
             avg(back_pressured_ms_per_s) AS back_pressured_ms_per_s,
             (array_agg(lag_files ORDER BY at DESC))[1] AS lag_files,
             (array_agg(lag_bytes ORDER BY at DESC))[1] AS lag_bytes,
             (array_agg(lag_records ORDER BY at DESC))[1] AS lag_records
      FROM node_metrics
      WHERE run_id = :runId AND resolution = :resolution AND at >= :from AND at < :to
      GROUP BY node_id, 2
      ORDER BY node_id, 2
      """)
  List<NodeSample> nodeSeries(
      @Bind("runId") UUID runId,
      @Bind("resolution") int resolution,
      @Bind("from") Instant from,
      @Bind("to") Instant to,
      @Bind("step") long stepSeconds);

  @SqlQuery(
      """
      SELECT to_timestamp(floor(extract(epoch FROM at) / :step) * :step) AS at,
             (array_agg(checkpoints_completed ORDER BY at DESC))[1] AS checkpoints_completed,
             (array_agg(checkpoints_failed ORDER BY at DESC))[1] AS checkpoints_failed,
             (array_agg(checkpoints_in_progress ORDER BY at DESC))[1] AS checkpoints_in_progress,
             (array_agg(last_checkpoint_at ORDER BY at DESC))[1] AS last_checkpoint_at,
             (array_agg(last_checkpoint_duration_ms ORDER BY at DESC))[1]
                 AS last_checkpoint_duration_ms,
             (array_agg(last_checkpoint_size_bytes ORDER BY at DESC))[1]
                 AS last_checkpoint_size_bytes,
             (array_agg(restarts ORDER BY at DESC))[1] AS restarts,
             (array_agg(uptime_ms ORDER BY at DESC))[1] AS uptime_ms,
             (array_agg(dead_letter ORDER BY at DESC))[1] AS dead_letter
      FROM run_metrics
      WHERE run_id = :runId AND resolution = :resolution AND at >= :from AND at < :to
      GROUP BY 1
      ORDER BY 1
      """)
  List<RunSample> runSeries(
      @Bind("runId") UUID runId,
      @Bind("resolution") int resolution,
      @Bind("from") Instant from,
      @Bind("to") Instant to,
      @Bind("step") long stepSeconds);

  @SqlUpdate("DELETE FROM node_metrics WHERE resolution = :resolution AND at < :before")
  int pruneNodes(@Bind("resolution") int resolution, @Bind("before") Instant before);

  @SqlUpdate("DELETE FROM run_metrics WHERE resolution = :resolution AND at < :before")
  int pruneRuns(@Bind("resolution") int resolution, @Bind("before") Instant before);
}
