package io.sluice.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.dao.ConnectionDao;
import io.sluice.catalog.dao.ConnectionRow;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;

/**
 * Stored connections. The catalog keeps secrets exactly as it is handed them, sealed; sealing and
 * opening is the backend's job, so no plain secret ever reaches a table.
 *
 * <pre>{@code
 * connections.create("warehouse", "postgres", "", settings, sealedSecrets);
 * }</pre>
 *
 * <p>Thread-safe: no state besides the {@link Jdbi}.
 */
public final class ConnectionCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNIQUE_VIOLATION = "23505";

  private final Jdbi jdbi;

  public ConnectionCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * @throws ConnectionExistsException when the name is taken
   */
  public StoredConnection create(
      String name, String kind, String description, ObjectNode settings, ObjectNode secrets) {
    try {
      return connection(
          jdbi.withExtension(
              ConnectionDao.class,
              dao -> dao.insert(name, kind, description, settings.toString(), secrets.toString())));
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof PSQLException psql
          && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
        throw new ConnectionExistsException(name);
      }
      throw e;
    }
  }

  /**
   * @throws ConnectionNotFoundException when there is no such connection
   */
  public StoredConnection update(
      String name, String description, ObjectNode settings, ObjectNode secrets) {
    return jdbi.withExtension(
            ConnectionDao.class,
            dao -> dao.update(name, description, settings.toString(), secrets.toString()))
        .map(ConnectionCatalog::connection)
        .orElseThrow(() -> new ConnectionNotFoundException(name));
  }

  /**
   * Replaces the sealed secrets of a connection if they are still {@code expected}; false when
   * someone changed them meanwhile (the caller reads again).
   */
  public boolean replaceSecrets(String name, ObjectNode expected, ObjectNode secrets) {
    return jdbi.withExtension(
            ConnectionDao.class,
            dao -> dao.replaceSecrets(name, expected.toString(), secrets.toString()))
        == 1;
  }

  public Optional<StoredConnection> find(String name) {
    return jdbi.withExtension(ConnectionDao.class, dao -> dao.find(name))
        .map(ConnectionCatalog::connection);
  }

  /** Every connection, by name. */
  public List<StoredConnection> list() {
    return jdbi.withExtension(ConnectionDao.class, ConnectionDao::list).stream()
        .map(ConnectionCatalog::connection)
        .toList();
  }

  /** Whether a connection of that name existed and is now gone. */
  public boolean delete(String name) {
    return jdbi.withExtension(ConnectionDao.class, dao -> dao.delete(name)) == 1;
  }

  private static StoredConnection connection(ConnectionRow row) {
    return new StoredConnection(
        row.name(),
        row.kind(),
        row.description(),
        object(row.settings()),
        object(row.secrets()),
        row.createdAt(),
        row.updatedAt());
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("connections holds a value that is not a JSON object", e);
    }
  }
}
