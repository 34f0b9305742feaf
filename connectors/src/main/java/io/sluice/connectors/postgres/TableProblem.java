package io.sluice.connectors.postgres;

import java.util.List;

/**
 * Why a PostgreSQL sink cannot write to its table as configured. A user's mistake, reported as data
 * by {@link PostgresTables#check}; each variant says what to do in {@link #message()}.
 */
public sealed interface TableProblem {

  String message();

  /** The server could not be reached or refused the login. */
  record CannotConnect(String reason) implements TableProblem {
    @Override
    public String message() {
      return "Cannot connect to PostgreSQL: " + reason;
    }
  }

  /** The server has {@code max_prepared_transactions = 0}: no two-phase commit, no exactly-once. */
  record PreparedTransactionsDisabled() implements TableProblem {
    @Override
    public String message() {
      return "The server has max_prepared_transactions = 0, so it cannot prepare transactions for"
          + " exactly-once delivery. Set max_prepared_transactions to at least twice the sink's"
          + " parallelism (plus what other clients need) and restart PostgreSQL.";
    }
  }

  record TableMissing(String table) implements TableProblem {
    @Override
    public String message() {
      return "Table " + table + " does not exist (let the sink create it, or create it first).";
    }
  }

  record SchemaMissing(String schema) implements TableProblem {
    @Override
    public String message() {
      return "Schema " + schema + " does not exist; the sink creates tables, not schemas.";
    }
  }

  /** A field of the records has no column. */
  record MissingColumn(String column, String expectedType) implements TableProblem {
    @Override
    public String message() {
      return "Column " + column + " (" + expectedType + ") is missing.";
    }
  }

  /** A NOT NULL column without a default that no field fills. */
  record ExtraColumn(String column, String actualType) implements TableProblem {
    @Override
    public String message() {
      return "Column "
          + column
          + " ("
          + actualType
          + ") is NOT NULL without a default, and no field of the records fills it.";
    }
  }

  record WrongColumnType(String column, String expectedType, String actualType)
      implements TableProblem {
    @Override
    public String message() {
      return "Column "
          + column
          + " is "
          + actualType
          + " but the field needs "
          + expectedType
          + ".";
    }
  }

  /** UPSERT needs a primary key or unique index on exactly the key columns for ON CONFLICT. */
  record MissingUniqueKey(List<String> keyColumns) implements TableProblem {
    public MissingUniqueKey {
      keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public String message() {
      return "Upsert needs a primary key or unique index on exactly " + keyColumns + ".";
    }
  }
}
