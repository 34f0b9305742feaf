package io.sluice.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.catalog.internal.EmbeddedServer;
import io.sluice.catalog.internal.JdbcUrls;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's PostgreSQL database: a connection pool, a configured {@link Jdbi}, migrations
 * applied, and, in embedded mode, the server itself.
 *
 * <pre>{@code
 * try (CatalogDatabase db = CatalogDatabase.open(CatalogSettings.embedded(dataDir))) {
 *   PipelineCatalog pipelines = new PipelineCatalog(db.jdbi());
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes the pool and stops the embedded server if this instance
 * started one.
 */
public final class CatalogDatabase implements AutoCloseable {

  public static final String MODE_EMBEDDED = "embedded";
  public static final String MODE_EXTERNAL = "external";

  /** The database the embedded server keeps the catalog in. */
  static final String EMBEDDED_DATABASE = "sluice";

  private static final Logger LOG = LoggerFactory.getLogger(CatalogDatabase.class);
  private static final int MAX_POOL_SIZE = 8;
  private static final long CONNECTION_TIMEOUT_MS = 10_000;
  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  private final String mode;
  private final String displayUrl;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final EmbeddedServer embeddedServer; // null in external mode
  private final CatalogSettings connection;

  private CatalogDatabase(
      String mode,
      String displayUrl,
      HikariDataSource dataSource,
      EmbeddedServer embeddedServer,
      CatalogSettings connection) {
    this.connection = connection;
    this.mode = mode;
    this.displayUrl = displayUrl;
    this.dataSource = dataSource;
    this.embeddedServer = embeddedServer;
    this.jdbi =
        Jdbi.create(dataSource)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
  }

  /**
   * Connects to (or starts) the catalog database and applies pending migrations.
   *
   * @throws CatalogUnavailableException when the server cannot be reached or migrated; the message
   *     names the URL without password
   */
  public static CatalogDatabase open(CatalogSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return settings.isEmbedded() ? openEmbedded(settings) : openExternal(settings);
  }

  private static CatalogDatabase openExternal(CatalogSettings settings) {
    String displayUrl = JdbcUrls.redact(settings.jdbcUrl());
    HikariDataSource pool = connect(settings.jdbcUrl(), settings.user(), settings.password());
    return migrated(
        new CatalogDatabase(
            MODE_EXTERNAL,
            displayUrl,
            pool,
            null,
            CatalogSettings.external(settings.jdbcUrl(), settings.user(), settings.password())));
  }

  private static CatalogDatabase openEmbedded(CatalogSettings settings) {
    EmbeddedServer server =
        // No zonky shutdown hook: JVM hooks run in parallel, and Sluice's own hook must still write
        // to the catalog (pausing runs at savepoints) before the server stops; close() stops it.
        // A server left behind by a killed process is stopped at the next start.
        EmbeddedServer.start(settings.dataDir().resolve("postgres"), true, false);
    try {
      server.ensureDatabase(EMBEDDED_DATABASE);
      String url = server.jdbcUrl(EMBEDDED_DATABASE);
      HikariDataSource pool = connect(url, server.user(), null);
      return migrated(
          new CatalogDatabase(
              MODE_EMBEDDED,
              url,
              pool,
              server,
              CatalogSettings.external(url, server.user(), null)));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static HikariDataSource connect(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("sluice-catalog");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(MAX_POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    // Try once and fail now rather than hand out a pool that cannot connect.
    config.setInitializationFailTimeout(1);
    config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    config.addDataSourceProperty("ApplicationName", "sluice");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      String redacted = JdbcUrls.redact(url);
      throw new CatalogUnavailableException(
          redacted,
          "Cannot connect to the catalog database at "
              + redacted
              + (user == null ? "" : " as user '" + user + "'")
              + ": "
              + rootMessage(e),
          e);
    }
  }

  private static CatalogDatabase migrated(CatalogDatabase database) {
    try {
      Flyway flyway =
          Flyway.configure()
              .dataSource(database.dataSource)
              .locations("classpath:db/migration")
              .failOnMissingLocations(true)
              .load();
      var result = flyway.migrate();
      // targetSchemaVersion is null when nothing was applied, so ask for the current one.
      var current = flyway.info().current();
      LOG.info(
          "Catalog at {} ({}) is at schema version {} ({} migrations applied now)",
          database.displayUrl,
          database.mode,
          current == null ? "none" : current.getVersion(),
          result.migrationsExecuted);
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw new CatalogUnavailableException(
          database.displayUrl,
          "Cannot migrate the catalog database at " + database.displayUrl + ": " + rootMessage(e),
          e);
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** {@value #MODE_EMBEDDED} or {@value #MODE_EXTERNAL}. */
  /**
   * How another client reaches this database (URL, user, password), for parts of Sluice that write
   * to the catalog from a Flink job, such as the dead-letter sink. Holds the password: never log
   * it.
   */
  public CatalogSettings connection() {
    return connection;
  }

  /**
   * Another database on the embedded server, created if missing, and how to reach it; empty in
   * external mode, where Sluice does not own the server. The demo pipeline writes there.
   *
   * @param database a plain lower-case SQL identifier
   */
  public Optional<CatalogSettings> embeddedDatabase(String database) {
    if (embeddedServer == null) {
      return Optional.empty();
    }
    embeddedServer.ensureDatabase(database);
    return Optional.of(
        CatalogSettings.external(embeddedServer.jdbcUrl(database), embeddedServer.user(), null));
  }

  public String mode() {
    return mode;
  }

  /** The JDBC URL without password. */
  public String displayUrl() {
    return displayUrl;
  }

  /**
   * Asks the database whether it is up. Never throws: a failure is reported in the result. May
   * block up to the pool's connection timeout (10 s) while the server is unreachable.
   */
  public CatalogHealth health() {
    try {
      return jdbi.withHandle(
          handle ->
              new CatalogHealth(
                  true,
                  mode,
                  displayUrl,
                  handle.createQuery("SHOW server_version").mapTo(String.class).one(),
                  schemaVersion(handle),
                  null));
    } catch (RuntimeException e) {
      return new CatalogHealth(false, mode, displayUrl, null, null, rootMessage(e));
    }
  }

  private static Integer schemaVersion(Handle handle) {
    return handle
        .createQuery(
            """
            SELECT version FROM flyway_schema_history
            WHERE success AND version IS NOT NULL
            ORDER BY installed_rank DESC
            LIMIT 1
            """)
        .mapTo(String.class)
        .findOne()
        .map(Integer::valueOf)
        .orElse(null);
  }

  @Override
  public void close() {
    try {
      dataSource.close();
    } finally {
      if (embeddedServer != null) {
        embeddedServer.close();
      }
    }
  }

  @Override
  public String toString() {
    return "CatalogDatabase[" + mode + ", " + displayUrl + "]";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    return root == e ? message : message + " (" + e.getClass().getSimpleName() + ")";
  }
}
