package io.sluice.executor.compile.transform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.connectors.postgres.TableName;
import io.sluice.executor.plan.Step;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.KeyPair;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The query of a lookup join, {@code SELECT <columns> FROM <table> WHERE <key> = ? AND …}, and what
 * a task needs to run it: a connection and a cache of answers by key. Serializable settings only;
 * {@link #open} makes the connection in the task.
 */
public final class LookupQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String sql;
  private final List<FieldType> types;
  private final boolean inner;
  private final long cacheMaxSize;
  private final Duration cacheTtl;

  private LookupQuery(Step.LookupJoin step) {
    this.jdbcUrl = step.jdbcUrl();
    this.user = step.user();
    this.password = step.password();
    this.sql = sql(step);
    this.types = step.columns().fields().stream().map(Field::type).toList();
    this.inner = step.inner();
    this.cacheMaxSize = step.cacheMaxSize();
    this.cacheTtl = step.cacheTtl();
  }

  static LookupQuery of(Step.LookupJoin step) {
    return new LookupQuery(step);
  }

  boolean inner() {
    return inner;
  }

  int columnCount() {
    return types.size();
  }

  private static String sql(Step.LookupJoin step) {
    return "SELECT "
        + step.columns().names().stream().map(TableName::quote).collect(Collectors.joining(", "))
        + " FROM "
        + TableName.parse(step.table()).sql()
        + " WHERE "
        + step.keys().stream()
            .map(k -> TableName.quote(k.right()) + " = ?")
            .collect(Collectors.joining(" AND "));
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    if (user != null && !user.isBlank()) {
      props.setProperty("user", user);
    }
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    Connection connection = DriverManager.getConnection(url, props);
    connection.setReadOnly(true);
    connection.setAutoCommit(true);
    return connection;
  }

  Cached open() {
    return new Cached();
  }

  /**
   * A task's connection and cache. Not thread-safe: one per task, used by the task's thread only.
   */
  final class Cached implements AutoCloseable {
    private final Cache<List<Object>, List<Object[]>> cache =
        cacheMaxSize > 0
            ? Caffeine.newBuilder()
                .maximumSize(cacheMaxSize)
                .expireAfterWrite(cacheTtl)
                .<List<Object>, List<Object[]>>build()
            : null;
    private Connection connection;
    private PreparedStatement statement;

    long size() {
      return cache == null ? 0 : cache.estimatedSize();
    }

    /** The columns of every row with this key, from the cache or the table. */
    List<Object[]> rows(Object[] key) throws SQLException {
      List<Object> k = Arrays.asList(key);
      if (cache == null) {
        return query(key);
      }
      List<Object[]> rows = cache.getIfPresent(k);
      if (rows == null) {
        rows = query(key);
        cache.put(k, rows);
      }
      return rows;
    }

    /** One retry on a fresh connection: a database restart should not fail the job. */
    private List<Object[]> query(Object[] key) throws SQLException {
      try {
        return run(key);
      } catch (SQLException e) {
        if (e.getSQLState() != null && !e.getSQLState().startsWith("08")) {
          throw e; // not a connection failure: a bad query fails again
        }
        close();
        return run(key);
      }
    }

    private List<Object[]> run(Object[] key) throws SQLException {
      if (statement == null) {
        connection = connect(jdbcUrl, user, password);
        statement = connection.prepareStatement(sql);
      }
      for (int i = 0; i < key.length; i++) {
        statement.setObject(i + 1, key[i]);
      }
      List<Object[]> rows = new ArrayList<>(1);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[types.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = read(rs, i + 1, types.get(i));
          }
          rows.add(row);
        }
      }
      return List.copyOf(rows);
    }

    @Override
    public void close() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException e) {
        // closing a broken connection: nothing to keep
      }
      connection = null;
      statement = null;
    }
  }

  private static Object read(ResultSet rs, int column, FieldType type) throws SQLException {
    Object value =
        switch (type) {
          case STRING -> rs.getString(column);
          case LONG -> rs.getLong(column);
          case DOUBLE -> rs.getDouble(column);
          case DECIMAL -> rs.getBigDecimal(column);
          case BOOLEAN -> rs.getBoolean(column);
          case DATE -> rs.getObject(column, LocalDate.class);
          case TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
        };
    return rs.wasNull() ? null : value;
  }

  // ---- the check

  /** A column or key that does not fit the table: the config field and why. */
  public record Mismatch(String field, String message) {}

  /**
   * Asks the database to describe the query (without running it) and compares the declared columns
   * and the key fields' types with the table's; talks to the database.
   */
  public static List<Mismatch> check(Step.LookupJoin step, RecordSchema input) {
    List<Mismatch> problems = new ArrayList<>();
    String sql;
    try {
      sql = sql(step);
    } catch (IllegalArgumentException e) {
      return List.of(new Mismatch("config.table", e.getMessage()));
    }
    try (Connection c = connect(step.jdbcUrl(), step.user(), step.password());
        PreparedStatement s = c.prepareStatement(sql)) {
      ResultSetMetaData columns = s.getMetaData();
      for (int i = 0; i < step.columns().fields().size(); i++) {
        Field declared = step.columns().fields().get(i);
        String sqlType = columns.getColumnTypeName(i + 1);
        Optional<FieldType> actual = fieldType(columns.getColumnType(i + 1));
        if (declared.type() != FieldType.STRING
            && !actual.map(declared.type()::equals).orElse(false)) {
          problems.add(
              new Mismatch(
                  "config.columns",
                  "Column '"
                      + declared.name()
                      + "' of "
                      + step.table()
                      + " is a "
                      + sqlType
                      + actual.map(t -> ", read as " + t.wireName()).orElse("")
                      + ", not a "
                      + declared.type().wireName()
                      + "; declare it as "
                      + actual.map(FieldType::wireName).orElse("string")
                      + "."));
        }
      }
      ParameterMetaData parameters = s.getParameterMetaData();
      for (int i = 0; i < step.keys().size(); i++) {
        KeyPair key = step.keys().get(i);
        FieldType field = input.field(key.left()).map(Field::type).orElse(null);
        Optional<FieldType> column = fieldType(parameters.getParameterType(i + 1));
        if (field != null && column.isPresent() && !comparable(field, column.get())) {
          problems.add(
              new Mismatch(
                  "config.keys",
                  "Key "
                      + key.left()
                      + " = "
                      + key.right()
                      + ": the field is a "
                      + field.wireName()
                      + " and the column a "
                      + parameters.getParameterTypeName(i + 1)
                      + "; convert the field with a derive first."));
        }
      }
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      String field =
          message.contains("column")
              ? (step.keys().stream().anyMatch(k -> message.contains("\"" + k.right() + "\""))
                  ? "config.keys"
                  : "config.columns")
              : message.contains("relation") ? "config.table" : "config.jdbcUrl";
      problems.add(
          new Mismatch(field, "The lookup query does not run on " + step.table() + ": " + message));
    } catch (RuntimeException e) {
      problems.add(new Mismatch("config.jdbcUrl", "Cannot reach the database: " + e.getMessage()));
    }
    return problems;
  }

  private static boolean comparable(FieldType field, FieldType column) {
    boolean numeric =
        field == FieldType.LONG || field == FieldType.DOUBLE || field == FieldType.DECIMAL;
    boolean numericColumn =
        column == FieldType.LONG || column == FieldType.DOUBLE || column == FieldType.DECIMAL;
    return field == column || (numeric && numericColumn);
  }

  private static Optional<FieldType> fieldType(int sqlType) {
    return switch (sqlType) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT ->
          Optional.of(FieldType.LONG);
      case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR ->
          Optional.of(FieldType.STRING);
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> Optional.of(FieldType.DOUBLE);
      case Types.NUMERIC, Types.DECIMAL -> Optional.of(FieldType.DECIMAL);
      case Types.BOOLEAN, Types.BIT -> Optional.of(FieldType.BOOLEAN);
      case Types.DATE -> Optional.of(FieldType.DATE);
      case Types.TIMESTAMP -> Optional.of(FieldType.TIMESTAMP);
      default -> Optional.empty();
    };
  }
}
