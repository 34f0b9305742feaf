package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.BOOLEAN;
import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.ENUM;
import static io.sluice.model.nodetype.FieldKind.INTEGER;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;
import static io.sluice.model.nodetype.FieldKind.TEXT;

import java.util.List;

/**
 * The descriptors of the PostgreSQL sources: the incremental query ({@code postgres-incremental})
 * and change data capture ({@code postgres-cdc}), kept apart from {@link BuiltInNodeTypes} because
 * they are long; that class registers them. The connection fields have the names of the {@code
 * postgres} sink's (and of a {@code postgres} connection's), so both take a stored connection.
 */
final class PostgresNodeTypes {

  private PostgresNodeTypes() {}

  private static List<ConfigField> connection(String privileges) {
    return List.of(
        ConfigField.builder("jdbcUrl", STRING)
            .label("JDBC URL")
            .required()
            .help(
                "Where the database is, for example"
                    + " jdbc:postgresql://db.example.com:5432/warehouse. Put the user and"
                    + " password in the fields below, not in the URL.")
            .group("Connection")
            .build(),
        ConfigField.builder("user", STRING)
            .label("User")
            .help("The database user. " + privileges)
            .group("Connection")
            .build(),
        ConfigField.builder("password", STRING)
            .label("Password")
            .secret()
            .help("Stored encrypted and never shown again after saving.")
            .group("Connection")
            .build());
  }

  /** The error policy of every source, worded for a row whose value does not fit its field. */
  private static ConfigField onError() {
    return ConfigField.builder("onError", ENUM)
        .label("Rows that cannot be read")
        .allowedValues("dead-letter", "skip", "fail")
        .defaultValue("dead-letter")
        .help(
            "A row with a value that does not fit its field's type (NaN into a decimal, infinity"
                + " into a timestamp). dead-letter: keep the row's values, where it came from and"
                + " the reason in the dead-letter table, and go on. skip: count it and go on."
                + " fail: stop the pipeline (it restarts by its restart policy and meets the row"
                + " again).")
        .group("Errors")
        .build();
  }

  private static ConfigField fields(String extra) {
    return ConfigField.builder("fields", STRING_LIST)
        .label("Fields")
        .required()
        .help(
            "The columns to read, one entry each as name: type, for example order_id: long. The"
                + " name is the column's name as PostgreSQL shows it (usually lower case). Types:"
                + " string, long, double, decimal, boolean, date, timestamp. 'Check connection'"
                + " lists the table's columns with the type each maps to."
                + extra)
        .group("Schema")
        .build();
  }

  static final NodeTypeDescriptor INCREMENTAL_V1 =
      new NodeTypeDescriptor(
          BuiltInNodeTypes.POSTGRES_INCREMENTAL,
          1,
          NodeRole.SOURCE,
          "PostgreSQL query (incremental)",
          "Polls a table or a query for rows past the last offset read, such as (updated_at, id)"
              + " > the last row's. The offset is kept in the pipeline's checkpoints, so a"
              + " restarted pipeline goes on after the last row of its last checkpoint: nothing"
              + " lost, nothing twice. Rows are appended as they are found; updates show up again"
              + " when they move the offset, deletes are not seen (use change data capture).",
          List.of(),
          List.of(PortSpec.output()),
          concat(
              concat(
                  List.of(
                      BuiltInNodeTypes.connection(
                          "postgres", "PostgreSQL", "JDBC URL, user and password")),
                  connection("It needs SELECT on the table (or what the query reads).")),
              List.of(
                  ConfigField.builder("table", STRING)
                      .label("Table")
                      .help(
                          "The table to read, optionally with its schema, such as"
                              + " sales.orders. Give a table or a query.")
                      .group("Source")
                      .build(),
                  ConfigField.builder("query", TEXT)
                      .label("Query")
                      .help(
                          "Instead of a table: a SELECT whose result columns include the fields"
                              + " and the offset columns, for example SELECT o.id, o.updated_at,"
                              + " c.country FROM orders o JOIN customers c USING (customer_id)."
                              + " Sluice wraps it and adds the offset condition, order and limit.")
                      .group("Source")
                      .build(),
                  fields(""),
                  ConfigField.builder("offsetColumns", STRING_LIST)
                      .label("Offset columns")
                      .required()
                      .help(
                          "The columns that order the rows and only grow, most significant"
                              + " first, for example updated_at, id. Each must be one of the"
                              + " fields. Add a unique column (the primary key) after a"
                              + " timestamp: a timestamp alone skips rows written in the same"
                              + " instant as the last one read. Rows whose offset columns are"
                              + " null are never read.")
                      .group("Source")
                      .build(),
                  ConfigField.builder("pollInterval", DURATION)
                      .label("Poll every")
                      .defaultValue("5s")
                      .help(
                          "How long to wait after a poll that found fewer rows than the batch"
                              + " size. A full batch is followed by the next one at once.")
                      .group("Source")
                      .build(),
                  ConfigField.builder("batchSize", INTEGER)
                      .label("Batch size")
                      .defaultValue(1000)
                      .min(1)
                      .max(100_000)
                      .help("The most rows one poll reads (the LIMIT of the query).")
                      .group("Source")
                      .build(),
                  ConfigField.builder("lagSafety", DURATION)
                      .label("Lag safety")
                      .defaultValue("0s")
                      .help(
                          "Only read rows whose first offset column (a timestamp) is older than"
                              + " the database's now() minus this, such as 30s. A transaction that"
                              + " commits late with an older timestamp than rows already read is"
                              + " otherwise skipped; choose more than your longest writing"
                              + " transaction. 0s: read rows as soon as they are visible.")
                      .group("Source")
                      .build(),
                  onError())));

  static final NodeTypeDescriptor CDC_V1 =
      new NodeTypeDescriptor(
          BuiltInNodeTypes.POSTGRES_CDC,
          1,
          NodeRole.SOURCE,
          "PostgreSQL changes (CDC)",
          "Reads every insert, update and delete of a table through PostgreSQL's logical"
              + " replication (pgoutput): first the rows the table holds (a consistent snapshot),"
              + " then each change as it commits, with an operation field (insert, update,"
              + " delete). The position in the log is kept in the pipeline's checkpoints and"
              + " confirmed to the server only when a checkpoint completes: nothing lost, nothing"
              + " twice. The server must run with wal_level=logical.",
          List.of(),
          List.of(PortSpec.output()),
          concat(
              concat(
                  List.of(
                      BuiltInNodeTypes.connection(
                          "postgres", "PostgreSQL", "JDBC URL, user and password")),
                  connection(
                      "It needs the REPLICATION attribute (or to be a superuser) and SELECT on"
                          + " the table; to create the publication, ownership of the table.")),
              List.of(
                  ConfigField.builder("table", STRING)
                      .label("Table")
                      .required()
                      .help(
                          "The table whose changes to read, optionally with its schema, such as"
                              + " sales.orders.")
                      .group("Source")
                      .build(),
                  fields(
                      " A delete carries the key columns of the row (its replica identity, by"
                          + " default the primary key); its other fields are null."),
                  ConfigField.builder("opField", STRING)
                      .label("Operation field")
                      .defaultValue("op")
                      .help(
                          "The name of the field that says what happened to the row: insert,"
                              + " update or delete. Rows of the snapshot are inserts.")
                      .group("Schema")
                      .build(),
                  ConfigField.builder("publication", STRING)
                      .label("Publication")
                      .help(
                          "The publication to read through. Empty: sluice_<slot>, created for the"
                              + " table when the pipeline first starts. A named publication that"
                              + " does not exist is created for the table too.")
                      .group("Replication")
                      .build(),
                  ConfigField.builder("snapshot", BOOLEAN)
                      .label("Start with a snapshot")
                      .defaultValue(true)
                      .help(
                          "On: the first run reads the rows the table holds, then the changes"
                              + " from that moment on, with nothing lost or twice between them."
                              + " Off: only changes made after the first start.")
                      .group("Replication")
                      .build(),
                  onError())));

  private static List<ConfigField> concat(List<ConfigField> a, List<ConfigField> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
