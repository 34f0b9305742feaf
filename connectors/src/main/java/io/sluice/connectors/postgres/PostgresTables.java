package io.sluice.connectors.postgres;

import io.sluice.connectors.postgres.TableProblem.CannotConnect;
import io.sluice.connectors.postgres.TableProblem.ExtraColumn;
import io.sluice.connectors.postgres.TableProblem.MissingColumn;
import io.sluice.connectors.postgres.TableProblem.MissingUniqueKey;
import io.sluice.connectors.postgres.TableProblem.PreparedTransactionsDisabled;
import io.sluice.connectors.postgres.TableProblem.SchemaMissing;
import io.sluice.connectors.postgres.TableProblem.TableMissing;
import io.sluice.connectors.postgres.TableProblem.WrongColumnType;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks and prepares the table of a PostgreSQL sink.
 *
 * <p>{@link #check} is for validation and "test connection": it reports the user's mistakes as
 * {@link TableProblem}s and never throws for them. The sink itself calls {@link #ensureReady} when
 * it starts.
 *
 * <pre>{@code
 * List<TableProblem> problems = PostgresTables.check(settings);
 * }</pre>
 */
public final class PostgresTables {

  /** Suffix of the staging table that UPSERT copies into before merging. */
  static final String STAGE_SUFFIX = "__sluice_stage";

  static final String TXN_COLUMN = "_sluice_txn";
  static final String ORD_COLUMN = "_sluice_ord";

  private PostgresTables() {}

  /**
   * Everything that keeps the sink from writing: the server unreachable, prepared transactions
   * disabled, the table missing (unless the sink may create it), columns missing, extra or of the
   * wrong type, no unique key for UPSERT. Empty when the sink can start.
   */
  public static List<TableProblem> check(PostgresSinkSettings settings) {
    try (Connection c = connect(settings)) {
      return check(c, settings);
    } catch (SQLException e) {
      return List.of(new CannotConnect(e.getMessage()));
    }
  }

  /**
   * Creates the table (and the UPSERT staging table) if allowed and missing, then checks it.
   *
   * @throws SchemaMismatchException if the table does not fit, with every problem
   */
  public static void ensureReady(PostgresSinkSettings settings) throws SQLException {
    try (Connection c = connect(settings)) {
      ensureReady(c, settings);
    }
  }

  static void ensureReady(Connection c, PostgresSinkSettings settings) throws SQLException {
    TableName table = settings.tableName();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      // Several subtasks start at once; without the lock, two CREATE TABLE IF NOT EXISTS can
      // still collide on the catalog's unique index.
      try (PreparedStatement lock =
          c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "sluice-sink-table:" + table.sql());
        lock.execute();
      }
      if (settings.createTable() && schemaExists(c, table)) {
        s.execute(createTableSql(table, settings, true));
      }
      if (settings.mode() == PostgresSinkSettings.Mode.UPSERT
          && relationOid(c, table) != null
          && schemaExists(c, table)) {
        s.execute(createStageSql(table, settings));
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
    List<TableProblem> problems = tableProblems(c, settings);
    if (!problems.isEmpty()) {
      throw new SchemaMismatchException(table.sql(), problems);
    }
  }

  static Connection connect(PostgresSinkSettings settings) throws SQLException {
    Properties props = new Properties();
    if (settings.user() != null) {
      props.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      props.setProperty("password", settings.password());
    }
    props.setProperty("ApplicationName", "sluice-sink");
    return DriverManager.getConnection(settings.jdbcUrl(), props);
  }

  static boolean preparedTransactionsEnabled(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
      rs.next();
      return Integer.parseInt(rs.getString(1).trim()) > 0;
    }
  }

  /** The SQL type a field gets in a table the sink creates. */
  static String sqlType(FieldType type) {
    return switch (type) {
      case STRING -> "text";
      case LONG -> "bigint";
      case DOUBLE -> "double precision";
      case DECIMAL -> "numeric(38,10)";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp(3) without time zone";
    };
  }

  /** The column types (by {@code pg_type.typname}) that hold a field without loss or surprise. */
  private static Set<String> acceptedTypes(FieldType type) {
    return switch (type) {
      case STRING -> Set.of("text", "varchar", "bpchar");
      case LONG -> Set.of("int8", "numeric");
      case DOUBLE -> Set.of("float8");
      case DECIMAL -> Set.of("numeric");
      case BOOLEAN -> Set.of("bool");
      case DATE -> Set.of("date");
      case TIMESTAMP -> Set.of("timestamp");
    };
  }

  static String createTableSql(TableName table, PostgresSinkSettings settings, boolean ifMissing) {
    String columns =
        settings.schema().fields().stream()
            .map(f -> TableName.quote(f.name()) + " " + sqlType(f.type()))
            .collect(Collectors.joining(", "));
    String key =
        settings.effectiveKeys().isEmpty()
            ? ""
            : ", PRIMARY KEY ("
                + settings.effectiveKeys().stream()
                    .map(TableName::quote)
                    .collect(Collectors.joining(", "))
                + ")";
    return "CREATE TABLE "
        + (ifMissing ? "IF NOT EXISTS " : "")
        + table.sql()
        + " ("
        + columns
        + key
        + ")";
  }

  /**
   * The UPSERT staging table: the record columns without constraints, plus the prepared transaction
   * that wrote each row and the row's position in it (the last write of a key wins). An ordinary
   * table, not a temporary one: PostgreSQL cannot PREPARE a transaction that touched a temporary
   * table.
   */
  static String createStageSql(TableName table, PostgresSinkSettings settings) {
    String columns =
        settings.schema().fields().stream()
            .map(f -> TableName.quote(f.name()) + " " + sqlType(f.type()))
            .collect(Collectors.joining(", "));
    return "CREATE TABLE IF NOT EXISTS "
        + table.sibling(STAGE_SUFFIX).sql()
        + " ("
        + columns
        + ", "
        + TXN_COLUMN
        + " text NOT NULL, "
        + ORD_COLUMN
        + " bigint NOT NULL)";
  }

  private static List<TableProblem> check(Connection c, PostgresSinkSettings settings)
      throws SQLException {
    List<TableProblem> problems = new ArrayList<>();
    if (!preparedTransactionsEnabled(c)) {
      problems.add(new PreparedTransactionsDisabled());
    }
    TableName table = settings.tableName();
    if (!schemaExists(c, table)) {
      problems.add(new SchemaMissing(table.schema()));
    } else if (relationOid(c, table) != null || !settings.createTable()) {
      problems.addAll(tableProblems(c, settings));
    }
    return problems;
  }

  private static List<TableProblem> tableProblems(Connection c, PostgresSinkSettings settings)
      throws SQLException {
    TableName table = settings.tableName();
    Long oid = relationOid(c, table);
    if (oid == null) {
      return List.of(new TableMissing(table.sql()));
    }
    Map<String, String[]> columns = new LinkedHashMap<>(); // name -> {typname, formatted}
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod),
                   (a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '')
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """)) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(
              rs.getString(1),
              new String[] {rs.getString(2), rs.getString(3), Boolean.toString(rs.getBoolean(4))});
        }
      }
    }
    List<TableProblem> problems = new ArrayList<>();
    Set<String> fieldNames = new HashSet<>();
    for (Field f : settings.schema().fields()) {
      fieldNames.add(f.name());
      String[] column = columns.get(f.name());
      if (column == null) {
        problems.add(new MissingColumn(f.name(), sqlType(f.type())));
      } else if (!acceptedTypes(f.type()).contains(column[0])) {
        problems.add(new WrongColumnType(f.name(), sqlType(f.type()), column[1]));
      }
    }
    columns.forEach(
        (name, type) -> {
          // COPY names its columns, so a column no field fills is fine when it may be null or
          // has a default (an audit timestamp, a surrogate key); only a required one is a problem.
          if (!fieldNames.contains(name) && Boolean.parseBoolean(type[2])) {
            problems.add(new ExtraColumn(name, type[1]));
          }
        });
    if (settings.mode() == PostgresSinkSettings.Mode.UPSERT
        && !hasUniqueIndexOn(c, oid, settings.keyFields())) {
      problems.add(new MissingUniqueKey(settings.keyFields()));
    }
    return problems;
  }

  /**
   * The {@code pg_type.typname} of every column of {@code table}, by column name; empty if there is
   * no such table.
   */
  static Map<String, String> columnTypes(Connection c, TableName table) throws SQLException {
    Long oid = relationOid(c, table);
    Map<String, String> types = new LinkedHashMap<>();
    if (oid == null) {
      return types;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT a.attname, t.typname
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            """)) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return types;
  }

  private static boolean hasUniqueIndexOn(Connection c, long oid, List<String> keys)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT array_agg(a.attname::text ORDER BY a.attname)
            FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
            GROUP BY i.indexrelid
            """)) {
      ps.setLong(1, oid);
      Set<String> wanted = new HashSet<>(keys);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] cols = (String[]) rs.getArray(1).getArray();
          if (cols.length == wanted.size() && wanted.containsAll(List.of(cols))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean schemaExists(Connection c, TableName table) throws SQLException {
    if (table.schema() == null) {
      return true;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      ps.setString(1, table.schema());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Long relationOid(Connection c, TableName table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ?
              AND c.relkind IN ('r', 'p')
            """)) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }
}
