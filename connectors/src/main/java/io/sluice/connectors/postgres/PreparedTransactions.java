package io.sluice.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prepared transactions of one sink, named {@code <sinkId>-<subtask>-<tag>}. The tag is the id
 * of the last checkpoint the writer had taken when it opened the transaction, plus one, so that a
 * transaction with tag {@code t} is part of checkpoint {@code t} or a later one, never an earlier
 * one (see {@code docs/postgres-sink.md}).
 */
final class PreparedTransactions {

  /** SQLSTATE undefined_object: COMMIT/ROLLBACK PREPARED of an id that is not prepared. */
  static final String NOT_PREPARED = "42704";

  private final String sinkId;
  private final Pattern ownGid;

  PreparedTransactions(String sinkId) {
    this.sinkId = sinkId;
    this.ownGid = Pattern.compile(Pattern.quote(sinkId) + "-(\\d+)-(\\d+)");
  }

  String gid(int subtask, long tag) {
    return sinkId + "-" + subtask + "-" + tag;
  }

  /** A prepared transaction of this sink in the connection's database. */
  record Lingering(String gid, int subtask, long tag) {}

  List<Lingering> list(Connection c) throws SQLException {
    List<Lingering> found = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT gid FROM pg_prepared_xacts"
                + " WHERE database = current_database() AND starts_with(gid, ?)")) {
      ps.setString(1, sinkId + "-");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Matcher m = ownGid.matcher(rs.getString(1));
          if (m.matches()) {
            found.add(
                new Lingering(
                    m.group(0), Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))));
          }
        }
      }
    }
    return found;
  }

  static void prepare(Connection c, String gid) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PREPARE TRANSACTION '" + gid + "'");
    }
  }

  /** Commits {@code gid}; false if no transaction of that id is prepared. */
  static boolean commit(Connection c, String gid) throws SQLException {
    return finish(c, "COMMIT PREPARED '" + gid + "'");
  }

  /** Rolls back {@code gid}; false if no transaction of that id is prepared. */
  static boolean rollback(Connection c, String gid) throws SQLException {
    return finish(c, "ROLLBACK PREPARED '" + gid + "'");
  }

  private static boolean finish(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
      return true;
    } catch (SQLException e) {
      if (NOT_PREPARED.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /**
   * What became of transaction {@code xid}: {@code committed}, {@code aborted}, {@code in
   * progress}, or null when the server no longer knows (older than its commit-log horizon).
   */
  static String status(Connection c, long xid) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_xact_status(?::text::xid8)")) {
      ps.setString(1, Long.toString(xid));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  static long currentXid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_xact_id()::text")) {
      rs.next();
      return Long.parseLong(rs.getString(1));
    }
  }
}
