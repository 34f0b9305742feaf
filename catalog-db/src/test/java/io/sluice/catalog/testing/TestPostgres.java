package io.sluice.catalog.testing;

import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.internal.EmbeddedServer;
import io.sluice.catalog.internal.JdbcUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for tests, and fresh databases on it.
 *
 * <p>The server is, in this order:
 *
 * <ol>
 *   <li>the one named by {@code SLUICE_TEST_DATABASE_URL} (a JDBC URL to an admin database such as
 *       {@code postgres}), with {@code SLUICE_TEST_DATABASE_USER} and {@code
 *       SLUICE_TEST_DATABASE_PASSWORD};
 *   <li>a PostgreSQL on 127.0.0.1:5432 that accepts postgres/postgres;
 *   <li>otherwise one embedded PostgreSQL per JVM, started on first use under a temporary directory
 *       and removed at JVM exit, with {@code wal_level=logical}.
 * </ol>
 *
 * <p>Each test class gets its own database {@code sluice_test_<random>}; most tests use it through
 * {@link CatalogExtension}. Thread-safe.
 */
public final class TestPostgres {

  public static final String URL_ENV = "SLUICE_TEST_DATABASE_URL";
  public static final String USER_ENV = "SLUICE_TEST_DATABASE_USER";
  public static final String PASSWORD_ENV = "SLUICE_TEST_DATABASE_PASSWORD";

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private static Server server;

  private TestPostgres() {}

  /** A new, empty database on the test server; close it to drop it. */
  public static TestDatabase freshDatabase() {
    Server s = server();
    String name = "sluice_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    s.create(name);
    return new TestDatabase(s, name);
  }

  /**
   * A migrated catalog on a new database of its own. The database is dropped at JVM exit; use
   * {@link CatalogExtension} to drop it as soon as the test class is done.
   */
  public static CatalogDatabase freshCatalog() {
    TestDatabase database = freshDatabase();
    Runtime.getRuntime().addShutdownHook(new Thread(database::close, "drop-" + database.name()));
    return CatalogDatabase.open(database.settings());
  }

  /** The server tests use, chosen and (if embedded) started on first call. */
  public static synchronized Server server() {
    if (server == null) {
      server = chooseServer();
    }
    return server;
  }

  private static Server chooseServer() {
    String url = System.getenv(URL_ENV);
    if (url != null && !url.isBlank()) {
      Server external =
          new Server(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV), null, null);
      LOG.info("Tests use the PostgreSQL named by {}: {}", URL_ENV, external);
      return external;
    }
    if (acceptsPostgresPostgres()) {
      Server local = new Server(LOCAL_URL, "postgres", "postgres", null, null);
      LOG.info("Tests use the local PostgreSQL at {}", LOCAL_URL);
      return local;
    }
    return startEmbedded();
  }

  private static boolean acceptsPostgresPostgres() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 300);
    } catch (IOException e) {
      return false;
    }
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    props.setProperty("connectTimeout", "2");
    try (Connection ignored = DriverManager.getConnection(LOCAL_URL, props)) {
      return true;
    } catch (SQLException e) {
      LOG.info("A server answers on 127.0.0.1:5432 but not as postgres/postgres: {}", e.toString());
      return false;
    }
  }

  private static Server startEmbedded() {
    Path dir;
    try {
      dir = Files.createTempDirectory("sluice-test-postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Our own shutdown hook rather than zonky's, so that stopping and deleting happen in order.
    // wal_level=logical lets the change-data-capture sources' tests read it.
    EmbeddedServer embedded = EmbeddedServer.start(dir.resolve("data"), false, false, true);
    Server started = new Server(embedded.jdbcUrl("postgres"), embedded.user(), null, embedded, dir);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(started::shutDown, "sluice-test-postgres-stop"));
    LOG.info("Tests use an embedded PostgreSQL: {}", started);
    return started;
  }

  /** A server that tests may create and drop databases on. */
  public static final class Server {
    private final String adminUrl;
    private final String user;
    private final String password;
    private final EmbeddedServer embedded; // null unless started by this class
    private final Path tempDir;

    private Server(
        String adminUrl, String user, String password, EmbeddedServer embedded, Path tempDir) {
      this.adminUrl = adminUrl;
      this.user = user;
      this.password = password;
      this.embedded = embedded;
      this.tempDir = tempDir;
    }

    public String user() {
      return user;
    }

    public String password() {
      return password;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String urlFor(String database) {
      return JdbcUrls.withDatabase(adminUrl, database);
    }

    void create(String database) {
      execute("CREATE DATABASE " + database);
    }

    void drop(String database) {
      execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private void execute(String sql) {
      Properties props = new Properties();
      if (user != null) {
        props.setProperty("user", user);
      }
      if (password != null) {
        props.setProperty("password", password);
      }
      try (Connection c = DriverManager.getConnection(adminUrl, props);
          Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql + " failed on " + this + ": " + e.getMessage(), e);
      }
    }

    private void shutDown() {
      embedded.close();
      try (Stream<Path> files = Files.walk(tempDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        LOG.warn("Could not delete {}: {}", tempDir, e.toString());
      }
    }

    @Override
    public String toString() {
      return JdbcUrls.redact(adminUrl) + (embedded != null ? " (embedded)" : "");
    }
  }
}
