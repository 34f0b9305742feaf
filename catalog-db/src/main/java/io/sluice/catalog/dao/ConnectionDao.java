package io.sluice.catalog.dao;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code connections} table. */
@RegisterConstructorMapper(ConnectionRow.class)
public interface ConnectionDao {
  String COLUMNS =
      """
      c.name, c.kind, c.description, c.settings::text AS settings, c.secrets::text AS secrets,
      c.created_at, c.updated_at
      """;

  @SqlQuery(
      """
      INSERT INTO connections AS c (name, kind, description, settings, secrets)
      VALUES (:name, :kind, :description, CAST(:settings AS jsonb), CAST(:secrets AS jsonb))
      RETURNING
      """
          + COLUMNS)
  ConnectionRow insert(
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("description") String description,
      @Bind("settings") String settings,
      @Bind("secrets") String secrets);

  @SqlQuery(
      """
      UPDATE connections c SET description = :description, settings = CAST(:settings AS jsonb),
             secrets = CAST(:secrets AS jsonb), updated_at = now()
      WHERE c.name = :name
      RETURNING
      """
          + COLUMNS)
  Optional<ConnectionRow> update(
      @Bind("name") String name,
      @Bind("description") String description,
      @Bind("settings") String settings,
      @Bind("secrets") String secrets);

  /** Replaces the envelopes only if they are still {@code expected}: a rotation races no edit. */
  @SqlUpdate(
      """
      UPDATE connections SET secrets = CAST(:secrets AS jsonb)
      WHERE name = :name AND secrets = CAST(:expected AS jsonb)
      """)
  int replaceSecrets(
      @Bind("name") String name,
      @Bind("expected") String expected,
      @Bind("secrets") String secrets);

  @SqlQuery("SELECT " + COLUMNS + " FROM connections c WHERE c.name = :name")
  Optional<ConnectionRow> find(@Bind("name") String name);

  @SqlQuery("SELECT " + COLUMNS + " FROM connections c ORDER BY c.name")
  List<ConnectionRow> list();

  @SqlUpdate("DELETE FROM connections WHERE name = :name")
  int delete(@Bind("name") String name);
}
