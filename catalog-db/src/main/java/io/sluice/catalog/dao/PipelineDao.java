package io.sluice.catalog.dao;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code pipelines} table. Every query but {@link #anyEver} ignores soft-deleted rows. */
@RegisterConstructorMapper(PipelineRow.class)
public interface PipelineDao {

  /** Whether any pipeline was ever created, deleted ones included. */
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM pipelines)")
  boolean anyEver();

  /** The name of the partial unique index on {@code lower(name)} of live pipelines. */
  String NAME_KEY = "pipelines_name_key";

  /** Inserts a live pipeline whose head is version 1 (which must be inserted before commit). */
  @SqlQuery(
      """
      INSERT INTO pipelines (name, description, latest_version)
      VALUES (:name, :description, 1)
      RETURNING id, name, description, latest_version, created_at, updated_at
      """)
  PipelineRow insert(@Bind("name") String name, @Bind("description") String description);

  @SqlQuery(
      """
      SELECT id, name, description, latest_version, created_at, updated_at
      FROM pipelines
      WHERE id = :id AND deleted_at IS NULL
      """)
  Optional<PipelineRow> find(@Bind("id") UUID id);

  /** Like {@link #find} but locks the row until the transaction ends, serialising saves. */
  @SqlQuery(
      """
      SELECT id, name, description, latest_version, created_at, updated_at
      FROM pipelines
      WHERE id = :id AND deleted_at IS NULL
      FOR UPDATE
      """)
  Optional<PipelineRow> lock(@Bind("id") UUID id);

  /**
   * Live pipelines whose name or description contains {@code search} ignoring case (all of them
   * when {@code search} is null), by name.
   */
  @SqlQuery(
      """
      SELECT id, name, description, latest_version, created_at, updated_at
      FROM pipelines
      WHERE deleted_at IS NULL
        AND (CAST(:search AS text) IS NULL
             OR strpos(lower(name), lower(:search)) > 0
             OR strpos(lower(description), lower(:search)) > 0)
      ORDER BY lower(name), name, id
      """)
  List<PipelineRow> list(@Bind("search") String search);

  @SqlQuery(
      """
      UPDATE pipelines
      SET latest_version = :version, updated_at = now()
      WHERE id = :id AND deleted_at IS NULL
      RETURNING id, name, description, latest_version, created_at, updated_at
      """)
  PipelineRow setLatestVersion(@Bind("id") UUID id, @Bind("version") int version);

  /** Changes name and/or description; a null argument keeps the current value. */
  @SqlQuery(
      """
      UPDATE pipelines
      SET name = coalesce(CAST(:name AS text), name),
          description = coalesce(CAST(:description AS text), description),
          updated_at = now()
      WHERE id = :id AND deleted_at IS NULL
      RETURNING id, name, description, latest_version, created_at, updated_at
      """)
  Optional<PipelineRow> updateDetails(
      @Bind("id") UUID id, @Bind("name") String name, @Bind("description") String description);

  /** Marks a live pipeline deleted; returns the number of rows changed (0 or 1). */
  @SqlUpdate(
      """
      UPDATE pipelines
      SET deleted_at = now(), updated_at = now()
      WHERE id = :id AND deleted_at IS NULL
      """)
  int softDelete(@Bind("id") UUID id);
}
