package io.sluice.catalog.dao;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code audit_log} table. */
@RegisterConstructorMapper(AuditRow.class)
public interface AuditDao {
  String COLUMNS =
      """
      a.id, a.at, a.actor_id, a.actor, a.action, a.target_type, a.target_id, a.detail::text AS detail,
      a.remote_addr, a.user_agent
      """;

  @SqlUpdate(
      """
      INSERT INTO audit_log (actor_id, actor, action, target_type, target_id, detail, remote_addr,
                             user_agent)
      VALUES (:actorId, :actor, :action, :targetType, :targetId, CAST(:detail AS jsonb),
              :remoteAddr, :userAgent)
      """)
  void insert(
      @Bind("actorId") UUID actorId,
      @Bind("actor") String actor,
      @Bind("action") String action,
      @Bind("targetType") String targetType,
      @Bind("targetId") String targetId,
      @Bind("detail") String detail,
      @Bind("remoteAddr") String remoteAddr,
      @Bind("userAgent") String userAgent);

  /**
   * Newest first, filtered by whichever of the arguments is not null; {@code beforeId} is the
   * paging cursor (the id of the last row of the previous page).
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM audit_log a
           WHERE (CAST(:actor AS text) IS NULL OR lower(a.actor) = lower(:actor))
             AND (CAST(:action AS text) IS NULL OR a.action = :action
                  OR a.action LIKE :action || '.%')
             AND (CAST(:targetType AS text) IS NULL OR a.target_type = :targetType)
             AND (CAST(:targetId AS text) IS NULL OR a.target_id = :targetId)
             AND (CAST(:from AS timestamptz) IS NULL OR a.at >= :from)
             AND (CAST(:to AS timestamptz) IS NULL OR a.at < :to)
             AND (CAST(:beforeId AS bigint) IS NULL OR a.id < :beforeId)
           ORDER BY a.id DESC
           LIMIT :limit
          """)
  List<AuditRow> search(
      @Bind("actor") String actor,
      @Bind("action") String action,
      @Bind("targetType") String targetType,
      @Bind("targetId") String targetId,
      @Bind("from") Instant from,
      @Bind("to") Instant to,
      @Bind("beforeId") Long beforeId,
      @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM audit_log WHERE at < :before")
  int deleteOlderThan(@Bind("before") Instant before);
}
