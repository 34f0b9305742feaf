package io.sluice.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL both loaders write into: an embedded server of its own (io.zonky, the binaries
 * managed in the parent pom), separate from Sluice's catalog database, reached by JDBC and by psql
 * over TCP on 127.0.0.1 with trust authentication.
 */
final class TargetDatabase implements AutoCloseable {
  static final String DATABASE = "bench";
  static final String USER = "postgres";

  /** Settings that differ from a stock PostgreSQL, or that the figures depend on. */
  static final List<String> REPORTED_SETTINGS =
      List.of(
          "server_version",
          "shared_buffers",
          "max_wal_size",
          "synchronous_commit",
          "fsync",
          "wal_level",
          "max_prepared_transactions");

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private TargetDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  static TargetDatabase start(Path dataDir) throws IOException, SQLException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(true)
            .setPort(port)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("unix_socket_directories", "")
            // The exactly-once sink prepares transactions (two-phase commit); 0 would forbid it.
            .setServerConfig("max_prepared_transactions", "64")
            // zonky turns these off; a production server has them on, and so does this benchmark.
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    TargetDatabase target = new TargetDatabase(postgres, dataDir);
    target.executeAdmin("CREATE DATABASE " + DATABASE);
    return target;
  }

  /**
   * CPU seconds the server has used since it started: the postmaster (pid from {@code
   * postmaster.pid}) with its processes, live and ended. NaN where that cannot be read.
   */
  double serverCpuSeconds() {
    try {
      String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
      return ProcessCpu.tree(Long.parseLong(first));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  int port() {
    return postgres.getPort();
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** A libpq connection string for psql. */
  String libpqConnection() {
    return "host=127.0.0.1 port=" + port() + " dbname=" + DATABASE + " user=" + USER;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, null);
  }

  /** A fresh, empty table of the benchmark's columns; autovacuum off so it cannot skew a run. */
  void createTable(String table) throws SQLException {
    execute("DROP TABLE IF EXISTS " + table);
    execute(
        "CREATE TABLE "
            + table
            + " ("
            + CsvFiles.COLUMNS
            + ") WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
  }

  /** Flushes dirty buffers so that each load starts from the same state of the server. */
  void checkpoint() throws SQLException {
    execute("CHECKPOINT");
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long queryLong(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  Map<String, String> settings() throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String name : REPORTED_SETTINGS) {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
          rs.next();
          values.put(name, rs.getString(1));
        }
      }
    }
    return values;
  }

  /** Prepared transactions left behind; there must be none once a sink has committed. */
  List<String> preparedTransactions() throws SQLException {
    List<String> gids = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT gid FROM pg_prepared_xacts ORDER BY gid")) {
      while (rs.next()) {
        gids.add(rs.getString(1));
      }
    }
    return gids;
  }

  private void executeAdmin(String sql) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
