package io.sluice.connectors.postgres.cdc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of PostgreSQL's {@code pgoutput} plugin (protocol version 1) that a change reader
 * needs, decoded from one replication message. Values arrive as text; {@link Tuple} keeps them with
 * a marker for null and for an unchanged TOASTed value (which the message leaves out).
 *
 * <p>See "Logical Replication Message Formats" in the PostgreSQL manual.
 */
sealed interface PgOutputMessage {

  /** A transaction begins; its changes follow, then a {@link Commit}. */
  record Begin(long finalLsn, int xid) implements PgOutputMessage {}

  /** A transaction committed; {@code endLsn} is the position after its commit record. */
  record Commit(long commitLsn, long endLsn) implements PgOutputMessage {}

  /** The columns of a table, sent before the first change of it in a session. */
  record Relation(int oid, String schema, String name, List<String> columns)
      implements PgOutputMessage {}

  /** An inserted row. */
  record Insert(int relation, Tuple row) implements PgOutputMessage {}

  /** An updated row: the new values, and the old key (or row) when the key changed. */
  record Update(int relation, Tuple old, Tuple row) implements PgOutputMessage {}

  /** A deleted row: its key columns (replica identity), or all columns with FULL. */
  record Delete(int relation, Tuple old) implements PgOutputMessage {}

  /** A TRUNCATE of the listed tables. */
  record Truncate(List<Integer> relations) implements PgOutputMessage {}

  /** Anything else (type, origin, logical message): not needed. */
  record Other(char kind) implements PgOutputMessage {}

  /** Column values in relation order; {@code null} for SQL null or an unchanged TOAST value. */
  record Tuple(List<String> values, List<Boolean> unchanged) {}

  static PgOutputMessage decode(ByteBuffer buffer) {
    char kind = (char) buffer.get();
    return switch (kind) {
      case 'B' -> {
        long finalLsn = buffer.getLong();
        buffer.getLong(); // commit timestamp
        yield new Begin(finalLsn, buffer.getInt());
      }
      case 'C' -> {
        buffer.get(); // flags
        long commitLsn = buffer.getLong();
        long endLsn = buffer.getLong();
        yield new Commit(commitLsn, endLsn);
      }
      case 'R' -> {
        int oid = buffer.getInt();
        String schema = string(buffer);
        String name = string(buffer);
        buffer.get(); // replica identity
        int n = buffer.getShort();
        List<String> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          buffer.get(); // flags: part of the key
          columns.add(string(buffer));
          buffer.getInt(); // type oid
          buffer.getInt(); // type modifier
        }
        yield new Relation(oid, schema, name, columns);
      }
      case 'I' -> {
        int relation = buffer.getInt();
        buffer.get(); // 'N'
        yield new Insert(relation, tuple(buffer));
      }
      case 'U' -> {
        int relation = buffer.getInt();
        char next = (char) buffer.get();
        Tuple old = null;
        if (next == 'K' || next == 'O') {
          old = tuple(buffer);
          next = (char) buffer.get();
        }
        yield new Update(relation, old, tuple(buffer));
      }
      case 'D' -> {
        int relation = buffer.getInt();
        buffer.get(); // 'K' or 'O'
        yield new Delete(relation, tuple(buffer));
      }
      case 'T' -> {
        int n = buffer.getInt();
        buffer.get(); // options
        List<Integer> relations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          relations.add(buffer.getInt());
        }
        yield new Truncate(relations);
      }
      default -> new Other(kind);
    };
  }

  private static Tuple tuple(ByteBuffer buffer) {
    int n = buffer.getShort();
    List<String> values = new ArrayList<>(n);
    List<Boolean> unchanged = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      char kind = (char) buffer.get();
      switch (kind) {
        case 'n' -> {
          values.add(null);
          unchanged.add(false);
        }
        case 'u' -> {
          values.add(null);
          unchanged.add(true);
        }
        case 't', 'b' -> {
          byte[] bytes = new byte[buffer.getInt()];
          buffer.get(bytes);
          values.add(new String(bytes, StandardCharsets.UTF_8));
          unchanged.add(false);
        }
        default -> throw new IllegalStateException("Unknown pgoutput tuple value kind " + kind);
      }
    }
    return new Tuple(values, unchanged);
  }

  private static String string(ByteBuffer buffer) {
    int start = buffer.position();
    int end = start;
    while (buffer.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - start];
    buffer.get(bytes);
    buffer.get(); // the terminating zero
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
