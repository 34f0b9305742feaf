package io.sluice.connectors.postgres.cdc;

import io.sluice.connectors.postgres.TableName;
import io.sluice.connectors.postgres.source.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * Names, creates the publication for, inspects and drops the replication slots of change sources. A
 * slot holds the server's WAL from its confirmed position on, so a slot nobody reads fills the
 * server's disk: the slot of a deleted pipeline must be dropped ({@link #drop}).
 *
 * <pre>{@code
 * String slot = ReplicationSlots.slotName("p-6f1c…", "orders");   // sluice_p_6f1c…_orders
 * ReplicationSlots.drop(jdbcUrl, user, password, slot);
 * }</pre>
 */
public final class ReplicationSlots {

  private static final int MAX_NAME = 63;

  private ReplicationSlots() {}

  /**
   * The slot of node {@code nodeId} of the pipeline {@code pipelineKey}: lower case letters, digits
   * and {@code _}, at most 63 characters (a long name ends in a hash of the whole).
   */
  public static String slotName(String pipelineKey, String nodeId) {
    String name = ("sluice_" + pipelineKey + "_" + nodeId).toLowerCase(Locale.ROOT);
    name = name.replaceAll("[^a-z0-9_]", "_");
    if (name.length() > MAX_NAME) {
      String hash = Integer.toHexString(name.hashCode());
      name = name.substring(0, MAX_NAME - hash.length() - 1) + "_" + hash;
    }
    return name;
  }

  /**
   * Drops the slot {@code slot} if it exists and the publication of the same name if Sluice created
   * it (the default publication); returns whether a slot was dropped.
   *
   * @throws SQLException when the server cannot be reached or the slot is in use
   */
  public static boolean drop(String jdbcUrl, String user, String password, String slot)
      throws SQLException {
    try (Connection c = PgConnections.open(jdbcUrl, user, password)) {
      boolean dropped = dropSlot(c, slot);
      try (Statement s = c.createStatement()) {
        s.execute("DROP PUBLICATION IF EXISTS " + TableName.quote(slot));
      }
      return dropped;
    }
  }

  static boolean dropSlot(Connection c, String slot) throws SQLException {
    Optional<Boolean> active = active(c, slot);
    if (active.isEmpty()) {
      return false;
    }
    if (active.get()) {
      throw new SQLException(
          "Replication slot "
              + slot
              + " is in use by another connection; stop the pipeline that reads it first.");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      ps.setString(1, slot);
      ps.execute();
    }
    return true;
  }

  /** Whether the slot is in use, or empty if there is no such slot. */
  static Optional<Boolean> active(Connection c, String slot) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }

  /** The slot's confirmed flush position, or empty if there is no such slot. */
  static Optional<Long> confirmedFlush(Connection c, String slot) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBigDecimal(1).longValue()) : Optional.empty();
      }
    }
  }

  /**
   * Creates {@code publication} for {@code table} if there is no publication of that name, and
   * checks that an existing one publishes the table.
   *
   * @throws SQLException when the publication cannot be created or does not cover the table
   */
  static void ensurePublication(Connection c, String publication, String table)
      throws SQLException {
    TableName name = TableName.parse(table);
    boolean exists;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      ps.setString(1, publication);
      try (ResultSet rs = ps.executeQuery()) {
        exists = rs.next();
      }
    }
    if (!exists) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE PUBLICATION " + TableName.quote(publication) + " FOR TABLE " + name.sql());
      }
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_publication_tables WHERE pubname = ?"
                + " AND schemaname = coalesce(?, current_schema()) AND tablename = ?")) {
      ps.setString(1, publication);
      ps.setString(2, name.schema());
      ps.setString(3, name.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException(
              "Publication "
                  + publication
                  + " exists but does not publish "
                  + table
                  + "; run ALTER PUBLICATION "
                  + TableName.quote(publication)
                  + " ADD TABLE "
                  + name.sql()
                  + ".");
        }
      }
    }
  }

  /** The table's oid, which change messages name it by. */
  static int tableOid(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)::oid")) {
      ps.setString(1, TableName.parse(table).sql());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long oid = rs.getLong(1);
        if (rs.wasNull()) {
          throw new SQLException("Table " + table + " does not exist.");
        }
        return (int) oid;
      }
    }
  }
}
