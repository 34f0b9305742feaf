package io.sluice.catalog.dao;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code pipeline_versions} table: insert and read only, since the database forbids changing a
 * version. Reads only see versions of live pipelines.
 */
@RegisterConstructorMapper(VersionRow.class)
@RegisterConstructorMapper(VersionInfoRow.class)
public interface PipelineVersionDao {

  @SqlQuery(
      """
      INSERT INTO pipeline_versions (pipeline_id, number, document, author, message)
      VALUES (:pipelineId, :number, CAST(:document AS jsonb), :author, :message)
      RETURNING pipeline_id, number, document::text AS document, author, message, created_at
      """)
  VersionRow insert(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("number") int number,
      @Bind("document") String document,
      @Bind("author") String author,
      @Bind("message") String message);

  @SqlQuery(
      """
      SELECT v.pipeline_id, v.number, v.document::text AS document, v.author, v.message,
             v.created_at
      FROM pipeline_versions v
      JOIN pipelines p ON p.id = v.pipeline_id AND p.deleted_at IS NULL
      WHERE v.pipeline_id = :pipelineId AND v.number = :number
      """)
  Optional<VersionRow> find(@Bind("pipelineId") UUID pipelineId, @Bind("number") int number);

  /** Newest first; empty exactly when there is no live pipeline with this id. */
  @SqlQuery(
      """
      SELECT v.pipeline_id, v.number, v.author, v.message, v.created_at
      FROM pipeline_versions v
      JOIN pipelines p ON p.id = v.pipeline_id AND p.deleted_at IS NULL
      WHERE v.pipeline_id = :pipelineId
      ORDER BY v.number DESC
      """)
  List<VersionInfoRow> list(@Bind("pipelineId") UUID pipelineId);

  /**
   * The versions, of deleted pipelines too, with a node whose config has one of {@code keys} (a
   * PostgreSQL text array literal such as <code>{password,secretKey}</code>), oldest first.
   */
  @SqlQuery(
      """
      SELECT v.pipeline_id, v.number, v.document::text AS document, v.author, v.message,
             v.created_at
      FROM pipeline_versions v
      WHERE EXISTS (
          SELECT 1 FROM jsonb_array_elements(
              CASE WHEN jsonb_typeof(v.document -> 'nodes') = 'array'
                   THEN v.document -> 'nodes' ELSE '[]'::jsonb END) AS n
          WHERE jsonb_typeof(n -> 'config') = 'object'
            AND jsonb_exists_any(n -> 'config', CAST(:keys AS text[])))
      ORDER BY v.created_at, v.pipeline_id, v.number
      """)
  List<VersionRow> withConfigKeys(@Bind("keys") String keys);

  /**
   * The versions, of deleted pipelines too, whose {@code settings.deadLetter} has a {@code
   * password}, oldest first.
   */
  @SqlQuery(
      """
      SELECT v.pipeline_id, v.number, v.document::text AS document, v.author, v.message,
             v.created_at
      FROM pipeline_versions v
      WHERE jsonb_typeof(v.document #> '{settings,deadLetter}') = 'object'
        AND jsonb_exists(v.document #> '{settings,deadLetter}', 'password')
      ORDER BY v.created_at, v.pipeline_id, v.number
      """)
  List<VersionRow> withDeadLetterPassword();

  /**
   * Replaces a version's document: refused by the database unless the transaction first ran {@code
   * SET LOCAL sluice.sealing_inline_secrets = 'on'} (V26), used only to take plain secrets out of
   * documents written before they were sealed.
   */
  @SqlUpdate(
      """
      UPDATE pipeline_versions SET document = CAST(:document AS jsonb)
      WHERE pipeline_id = :pipelineId AND number = :number
        AND document = CAST(:expected AS jsonb)
      """)
  int replaceDocument(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("number") int number,
      @Bind("expected") String expected,
      @Bind("document") String document);
}
