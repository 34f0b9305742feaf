package io.sluice.catalog.dao;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code pipeline_secrets} table: the sealed inline secrets of each version. Rows are written
 * with their version and changed only by a master-key rotation, which swaps one envelope for
 * another sealing the same value.
 */
@RegisterConstructorMapper(PipelineSecretRow.class)
public interface PipelineSecretDao {

  @SqlUpdate(
      """
      INSERT INTO pipeline_secrets (pipeline_id, version, node_id, field, envelope)
      VALUES (:pipelineId, :version, :nodeId, :field, CAST(:envelope AS jsonb))
      """)
  void insert(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("version") int version,
      @Bind("nodeId") String nodeId,
      @Bind("field") String field,
      @Bind("envelope") String envelope);

  @SqlQuery(
      """
      SELECT pipeline_id, version, node_id, field, envelope::text AS envelope
      FROM pipeline_secrets
      WHERE pipeline_id = :pipelineId AND version = :version
      ORDER BY node_id, field
      """)
  List<PipelineSecretRow> list(@Bind("pipelineId") UUID pipelineId, @Bind("version") int version);

  /** Every row, of deleted pipelines too: a rotation leaves no envelope on an old key. */
  @SqlQuery(
      """
      SELECT pipeline_id, version, node_id, field, envelope::text AS envelope
      FROM pipeline_secrets
      ORDER BY pipeline_id, version, node_id, field
      """)
  List<PipelineSecretRow> all();

  /** Swaps the envelope if it is still {@code expected}; 0 when it changed meanwhile. */
  @SqlUpdate(
      """
      UPDATE pipeline_secrets SET envelope = CAST(:next AS jsonb)
      WHERE pipeline_id = :pipelineId AND version = :version AND node_id = :nodeId
        AND field = :field AND envelope = CAST(:expected AS jsonb)
      """)
  int replace(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("version") int version,
      @Bind("nodeId") String nodeId,
      @Bind("field") String field,
      @Bind("expected") String expected,
      @Bind("next") String next);
}
