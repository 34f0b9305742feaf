package io.sluice.executor.compile.sample;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.postgres.TableName;
import io.sluice.connectors.postgres.incremental.IncrementalSettings;
import io.sluice.connectors.postgres.source.PgConnections;
import io.sluice.connectors.postgres.source.RowTexts;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * The first rows of a PostgreSQL source, for a preview, read with one {@code SELECT … LIMIT} in a
 * read-only transaction: no replication slot, no publication, no offset kept anywhere. Values are
 * read as text and converted as the sources convert them ({@link RowTexts}), so a row that would be
 * a bad record in a run is one here too.
 *
 * <pre>{@code
 * List<Either<Row, BadRecord>> rows = PostgresSamples.cdc(url, user, pw, "shop.orders",
 *     List.of("id: long"), 100, Duration.ofSeconds(30));
 * }</pre>
 */
public final class PostgresSamples {
  private PostgresSamples() {}

  /**
   * At most {@code limit} rows of the table, each as the snapshot of a change-data-capture source
   * emits it: the columns, then the operation {@code insert}, from {@code <table> snapshot}.
   */
  public static List<Either<Row, BadRecord>> cdc(
      String jdbcUrl,
      String user,
      String password,
      String table,
      List<String> fields,
      int limit,
      Duration timeout)
      throws SQLException {
    List<Field> columns = RecordSchema.parse(fields).schema().fields();
    String sql =
        "SELECT "
            + String.join(", ", columns.stream().map(f -> TableName.quote(f.name())).toList())
            + " FROM "
            + TableName.parse(table).sql()
            + " LIMIT ?";
    List<Either<Row, BadRecord>> rows = new ArrayList<>();
    try (Connection connection = readOnly(jdbcUrl, user, password, timeout);
        PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              RowTexts.convert(texts(rs, columns.size()), columns, "insert", table + " snapshot"));
        }
      }
      connection.rollback();
    }
    return rows;
  }

  /**
   * At most {@code limit} rows of an incremental source's first poll: in offset order from the
   * start, as a first run would read them.
   */
  public static List<Either<Row, BadRecord>> incremental(
      IncrementalSettings settings, int limit, Duration timeout) throws SQLException {
    List<Field> fields = settings.schema().fields();
    List<String> names = settings.schema().names();
    List<Either<Row, BadRecord>> rows = new ArrayList<>();
    String source = settings.table() != null ? settings.table() : "query";
    try (Connection connection =
            readOnly(settings.jdbcUrl(), settings.user(), settings.password(), timeout);
        PreparedStatement ps = connection.prepareStatement(settings.pollSql(false))) {
      int p = 1;
      if (!settings.lagSafety().isZero()) {
        ps.setString(p++, settings.lagSafety().toMillis() + " milliseconds");
      }
      ps.setInt(p, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] texts = texts(rs, fields.size());
          List<String> offset = new ArrayList<>();
          for (String column : settings.offsetColumns()) {
            offset.add(texts[indexOfIgnoreCase(names, column)]);
          }
          rows.add(RowTexts.convert(texts, fields, source + " at offset " + offset));
        }
      }
      connection.rollback();
    }
    return rows;
  }

  private static Connection readOnly(String jdbcUrl, String user, String password, Duration timeout)
      throws SQLException {
    Connection connection = PgConnections.open(jdbcUrl, user, password);
    try {
      connection.setAutoCommit(false);
      connection.setReadOnly(true); // BEGIN READ ONLY: the sample cannot change anything
      try (Statement s = connection.createStatement()) {
        s.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static String[] texts(ResultSet rs, int count) throws SQLException {
    String[] texts = new String[count];
    for (int i = 0; i < count; i++) {
      texts[i] = rs.getString(i + 1);
    }
    return texts;
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("No field " + name + " among " + names);
  }
}
