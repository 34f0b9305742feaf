package io.sluice.catalog.dao;

import io.sluice.catalog.DeadLetter;
import io.sluice.catalog.DeadLetterCount;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code dead_letters} table. A dead letter's run is the pipeline's run whose lifetime holds
 * the dead letter's commit time: a pipeline has at most one active run at a time, and the sink
 * commits while its run is active (or, after a crash, when the same run resumes).
 */
@RegisterConstructorMapper(DeadLetter.class)
@RegisterConstructorMapper(DeadLetterCount.class)
public interface DeadLetterDao {
  String SELECT =
      """
      SELECT d.id, r.id AS run_id, d.node, d.source, d.created_at AS at, d.reason, d.raw,
             d.replay_run_id, d.replayed_at
      FROM dead_letters d
      LEFT JOIN LATERAL (
          SELECT id FROM runs
          WHERE pipeline_id = :pipelineId AND created_at <= d.created_at
                AND (ended_at IS NULL OR ended_at >= d.created_at)
          ORDER BY created_at DESC LIMIT 1) r ON true
      """;

  String FILTER =
      """
      WHERE d.pipeline = :key
        AND (CAST(:node AS text) IS NULL OR d.node = :node)
        AND (CAST(:before AS bigint) IS NULL OR d.id < :before)
        AND (CAST(:run AS uuid) IS NULL OR r.id = :run)
      """;

  @SqlQuery(SELECT + FILTER + " ORDER BY d.id DESC LIMIT :limit")
  List<DeadLetter> page(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("key") String key,
      @Bind("node") String node,
      @Bind("run") UUID run,
      @Bind("before") Long before,
      @Bind("limit") int limit);

  /** Everything matching, oldest first, read from a cursor 500 rows at a time. */
  @SqlQuery(SELECT + FILTER + " ORDER BY d.id")
  @FetchSize(500)
  ResultIterable<DeadLetter> all(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("key") String key,
      @Bind("node") String node,
      @Bind("run") UUID run,
      @Bind("before") Long before);

  @SqlQuery(SELECT + " WHERE d.pipeline = :key AND d.id IN (<ids>) ORDER BY d.id")
  List<DeadLetter> byIds(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("key") String key,
      @BindList("ids") List<Long> ids);

  @SqlQuery(SELECT + " WHERE d.pipeline = :key AND d.replay_run_id = :replay ORDER BY d.id")
  List<DeadLetter> ofReplay(
      @Bind("pipelineId") UUID pipelineId, @Bind("key") String key, @Bind("replay") UUID replay);

  @SqlQuery(
      """
      SELECT node, count(*) AS total, count(replayed_at) AS replayed,
             count(*) FILTER (WHERE replay_run_id IS NOT NULL AND replayed_at IS NULL) AS pending
      FROM dead_letters WHERE pipeline = :key GROUP BY node ORDER BY node
      """)
  List<DeadLetterCount> counts(@Bind("key") String key);

  @SqlQuery(
      """
      SELECT id FROM dead_letters
      WHERE pipeline = :key AND node = :node AND replay_run_id IS NULL AND replayed_at IS NULL
      ORDER BY id LIMIT :limit
      """)
  List<Long> waitingOf(
      @Bind("key") String key, @Bind("node") String node, @Bind("limit") int limit);

  @SqlUpdate(
      """
      UPDATE dead_letters SET replay_run_id = :run
      WHERE pipeline = :key AND id IN (<ids>) AND replay_run_id IS NULL AND replayed_at IS NULL
      """)
  int claim(@Bind("key") String key, @BindList("ids") List<Long> ids, @Bind("run") UUID run);

  @SqlUpdate(
      "UPDATE dead_letters SET replayed_at = now() WHERE replay_run_id = :run AND replayed_at IS NULL")
  int markReplayed(@Bind("run") UUID run);

  @SqlUpdate(
      "UPDATE dead_letters SET replay_run_id = NULL WHERE replay_run_id = :run AND replayed_at IS NULL")
  int release(@Bind("run") UUID run);
}
