package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.BOOLEAN;
import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.ENUM;
import static io.sluice.model.nodetype.FieldKind.EXPRESSION;
import static io.sluice.model.nodetype.FieldKind.INTEGER;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;

import java.util.List;

/**
 * The node types that ship with Sluice, the ones the executor implements.
 *
 * <p>Descriptors only: the implementations live in {@code connectors} and {@code executor}, which
 * look them up by the type names below. Rules that span fields (an upsert needs key fields) are
 * enforced by {@code io.sluice.model.validation.PipelineValidator}.
 */
public final class BuiltInNodeTypes {

  public static final String FILE_DIRECTORY = "file-directory";
  public static final String FILTER = "filter";
  public static final String DERIVE = "derive";
  public static final String POSTGRES = "postgres";
  public static final String GENERATOR = "generator";
  public static final String FILE_DIRECTORY_SINK = "file-directory-sink";
  public static final String KAFKA = "kafka";
  public static final String KAFKA_SINK = "kafka-sink";
  public static final String S3 = "s3";
  public static final String S3_SINK = "s3-sink";
  public static final String POSTGRES_INCREMENTAL = "postgres-incremental";
  public static final String POSTGRES_CDC = "postgres-cdc";
  public static final String LOG_TAIL = "log-tail";

  private static final NodeTypeDescriptor FILE_DIRECTORY_V1 =
      new NodeTypeDescriptor(
          FILE_DIRECTORY,
          1,
          NodeRole.SOURCE,
          "File directory",
          "Reads every file that appears in a directory, once, as CSV or JSON lines. Files are"
              + " read in the order they are discovered; a restarted pipeline resumes inside the"
              + " file it was reading and never reads a finished file again.",
          List.of(),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("path", STRING)
                  .label("Directory")
                  .required()
                  .help(
                      "Absolute path of the directory to watch, for example /data/incoming/orders."
                          + " Files whose names start with . or _ or end in .tmp, .part,"
                          + " .inprogress or .crdownload are ignored: write a file under such a name"
                          + " and rename it when complete, so a half-written file is never read.")
                  .group("Source")
                  .build(),
              ConfigField.builder("recursive", BOOLEAN)
                  .label("Include sub-directories")
                  .defaultValue(false)
                  .help("On: files in sub-directories are read too, at any depth.")
                  .group("Source")
                  .build(),
              ConfigField.builder("fields", STRING_LIST)
                  .label("Fields")
                  .required()
                  .help(
                      "The fields of each record, one entry each as name: type, in order, for"
                          + " example order_id: long. Types: string, long, double, decimal,"
                          + " boolean, date (2026-11-24), timestamp (2026-11-24T05:00:00). A value"
                          + " that does not fit its type sends the record to the dead-letter.")
                  .group("Schema")
                  .build(),
              ConfigField.builder("pattern", STRING)
                  .label("File name pattern")
                  .defaultValue("*")
                  .help(
                      "Glob matched against file names (not paths): * matches any characters,"
                          + " ? one character, {a,b} either. For example orders-*.csv. Files that do"
                          + " not match are ignored.")
                  .group("Source")
                  .build(),
              ConfigField.builder("format", ENUM)
                  .label("Format")
                  .allowedValues("csv", "json-lines")
                  .defaultValue("csv")
                  .help(
                      "csv: one record per line, fields separated by the delimiter below."
                          + " json-lines: one JSON object per line; its top-level keys become the"
                          + " record's fields.")
                  .group("Source")
                  .build(),
              ConfigField.builder("csvDelimiter", STRING)
                  .label("Delimiter")
                  .defaultValue(",")
                  .help("The single character between fields, such as , or ; or a tab.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("csvHeader", BOOLEAN)
                  .label("First line is a header")
                  .defaultValue(true)
                  .help(
                      "On: the first line of each file names the columns, which are matched to"
                          + " the fields by name. Off: columns are the fields in their declared"
                          + " order.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("csvQuote", STRING)
                  .label("Quote")
                  .defaultValue("\"")
                  .help("The character around values that hold the delimiter or line breaks.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("csvEscape", STRING)
                  .label("Escape")
                  .help(
                      "A character that makes the next one literal inside quotes, such as \\."
                          + " Empty: none (a quote inside quotes is written twice).")
                  .group("CSV")
                  .build(),
              ConfigField.builder("csvNullString", STRING)
                  .label("Null value")
                  .defaultValue("")
                  .help(
                      "The text that stands for a missing value, such as NULL or \\N. By default an"
                          + " empty value is null.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("charset", STRING)
                  .label("Character set")
                  .defaultValue("UTF-8")
                  .help("The encoding of the files, such as UTF-8 or ISO-8859-1.")
                  .group("Source")
                  .build(),
              onError(
                  "Records that cannot be read", "the line, its file and line number", "the line"),
              ConfigField.builder("discoveryInterval", DURATION)
                  .label("Check for new files every")
                  .defaultValue("10s")
                  .help(
                      "How often the directory is listed for new files, such as 10s or 1m."
                          + " Shorter means lower latency for new files and more directory"
                          + " listings.")
                  .group("Source")
                  .build()));

  private static final NodeTypeDescriptor FILTER_V1 =
      new NodeTypeDescriptor(
          FILTER,
          1,
          NodeRole.TRANSFORM,
          "Filter",
          "Keeps the records for which a condition is true and drops the others.",
          List.of(PortSpec.input()),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("condition", EXPRESSION)
                  .label("Keep records where")
                  .required()
                  .help(
                      "A SQL boolean expression over the input fields, for example"
                          + " amount > 100 AND country = 'NL'. Strings take single quotes. A record"
                          + " for which the condition is NULL (say, amount is missing) is dropped,"
                          + " as in a SQL WHERE clause.")
                  .build(),
              onError(
                  "Records the condition fails on",
                  "the record (its fields as JSON)",
                  "the record")));

  private static final NodeTypeDescriptor DERIVE_V1 =
      new NodeTypeDescriptor(
          DERIVE,
          1,
          NodeRole.TRANSFORM,
          "Select and derive fields",
          "Shapes each record: computes new fields (or replaces fields) with SQL expressions, then"
              + " renames, drops, and finally keeps the fields listed. Casting is an expression:"
              + " amount = CAST(amount AS DOUBLE).",
          List.of(PortSpec.input()),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("fields", STRING_LIST)
                  .label("Computed fields")
                  .help(
                      "One entry per field, written name = SQL expression, for example"
                          + " total = price * quantity or country = UPPER(country). Expressions"
                          + " see the input record's fields, not fields derived by other entries.")
                  .build(),
              ConfigField.builder("rename", STRING_LIST)
                  .label("Rename")
                  .help(
                      "One entry per field, written old -> new, for example cust_id -> customer_id.")
                  .build(),
              ConfigField.builder("drop", STRING_LIST)
                  .inputFields()
                  .label("Drop")
                  .help("Fields to remove, for example internal_note.")
                  .build(),
              ConfigField.builder("keep", STRING_LIST)
                  .inputFields()
                  .label("Keep only")
                  .help(
                      "When given, the output has exactly these fields, in this order (after"
                          + " computing, renaming and dropping).")
                  .build(),
              onError(
                  "Records an expression fails on",
                  "the record (its fields as JSON)",
                  "the record")));

  private static final NodeTypeDescriptor POSTGRES_V1 =
      new NodeTypeDescriptor(
          POSTGRES,
          1,
          NodeRole.SINK,
          "PostgreSQL table",
          "Writes records to a PostgreSQL table, committed together with each checkpoint so that"
              + " every record lands exactly once. Record fields map to columns of the same name.",
          List.of(PortSpec.input()),
          List.of(),
          List.of(
              connection("postgres", "PostgreSQL", "JDBC URL, user and password"),
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
                  .help("The database user. It needs INSERT (and UPDATE for upsert) on the table.")
                  .group("Connection")
                  .build(),
              ConfigField.builder("password", STRING)
                  .label("Password")
                  .secret()
                  .help("Stored encrypted and never shown again after saving.")
                  .group("Connection")
                  .build(),
              ConfigField.builder("table", STRING)
                  .label("Table")
                  .required()
                  .help(
                      "The table to write to, optionally with its schema, such as"
                          + " analytics.orders. Its columns must match the record's fields by name"
                          + " and type; a mismatch is reported before the pipeline starts.")
                  .build(),
              ConfigField.builder("createTable", BOOLEAN)
                  .label("Create the table if missing")
                  .defaultValue(false)
                  .help(
                      "On: a missing table is created with a column per field (and the key fields"
                          + " as primary key in upsert mode). Off: a missing table is an error.")
                  .build(),
              ConfigField.builder("mode", ENUM)
                  .label("Write mode")
                  .allowedValues("append", "upsert")
                  .defaultValue("append")
                  .help(
                      "append: insert every record as a new row. upsert: insert, or update the"
                          + " row with the same key fields (needs a primary key or unique"
                          + " constraint on them), so a table holds the latest state per key.")
                  .build(),
              ConfigField.builder("keyFields", STRING_LIST)
                  .inputFields()
                  .label("Key fields")
                  .help(
                      "For upsert: the fields that identify a row, matching the table's primary"
                          + " key or a unique constraint, for example order_id. Required when the"
                          + " mode is upsert.")
                  .build()));

  private static final NodeTypeDescriptor GENERATOR_V1 =
      new NodeTypeDescriptor(
          GENERATOR,
          1,
          NodeRole.SOURCE,
          "Generator",
          "Synthetic records for demos, tests and load: by default id (long, 0, 1, 2, …), name"
              + " (string), amount (double) and ts (timestamp), or the fields you declare. The same"
              + " seed always gives the same records, and a restarted pipeline continues the"
              + " sequence where it stopped.",
          List.of(),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("fields", STRING_LIST)
                  .label("Fields")
                  .help(
                      "Optional: the fields to generate, one entry each as name: type, for example"
                          + " id: long, customer: string, total: decimal. A long field named id is"
                          + " the sequence number; the others get values of their type.")
                  .build(),
              ConfigField.builder("seed", INTEGER)
                  .label("Seed")
                  .defaultValue(1)
                  .help("Records are a function of the seed and the id: change it for other data.")
                  .build(),
              ConfigField.builder("recordsPerSecond", INTEGER)
                  .label("Records per second")
                  .defaultValue(1000)
                  .min(0)
                  .help("The rate across all parallel instances; 0 means as fast as possible.")
                  .build(),
              ConfigField.builder("count", INTEGER)
                  .label("Number of records")
                  .min(1)
                  .help(
                      "Stop after this many records (the pipeline then finishes). Empty: run"
                          + " forever.")
                  .build()));

  private static final NodeTypeDescriptor FILE_DIRECTORY_SINK_V1 =
      new NodeTypeDescriptor(
          FILE_DIRECTORY_SINK,
          1,
          NodeRole.SINK,
          "File directory (write)",
          "Writes records to files in a directory, committed together with each checkpoint: a file"
              + " is written under a hidden name (starting with .) and renamed when its checkpoint"
              + " completes, so readers that skip hidden files see every record exactly once and"
              + " never a half-written file.",
          List.of(PortSpec.input()),
          List.of(),
          List.of(
              ConfigField.builder("path", STRING)
                  .label("Directory")
                  .required()
                  .help("Absolute path of the directory to write to; created if missing.")
                  .build(),
              ConfigField.builder("format", ENUM)
                  .label("Format")
                  .allowedValues("csv", "json-lines")
                  .defaultValue("csv")
                  .help(
                      "csv: one line per record, fields in order, no header line (read the files"
                          + " back with the header option off). json-lines: one JSON object per"
                          + " line.")
                  .build(),
              ConfigField.builder("csvDelimiter", STRING)
                  .label("Delimiter")
                  .defaultValue(",")
                  .help("The single character between CSV fields.")
                  .group("CSV")
                  .build(),
              ConfigField.builder("filePrefix", STRING)
                  .label("File name prefix")
                  .defaultValue("part")
                  .help(
                      "Committed files are named <prefix>-<unique id>-<counter>.csv"
                          + " (or .jsonl).")
                  .build()));

  private static final NodeTypeRegistry REGISTRY =
      NodeTypeRegistry.of(
          java.util.stream.Stream.concat(
                  List.of(
                      FILE_DIRECTORY_V1.withConnectionCheck(),
                      GENERATOR_V1,
                      FILTER_V1,
                      DERIVE_V1,
                      POSTGRES_V1.withConnectionCheck(),
                      FILE_DIRECTORY_SINK_V1.withConnectionCheck(),
                      KafkaNodeTypes.SOURCE_V1.withConnectionCheck(),
                      KafkaNodeTypes.SINK_V1.withConnectionCheck(),
                      S3NodeTypes.source(FILE_DIRECTORY_V1).withConnectionCheck(),
                      S3NodeTypes.sink(FILE_DIRECTORY_SINK_V1).withConnectionCheck(),
                      PostgresNodeTypes.INCREMENTAL_V1.withConnectionCheck(),
                      PostgresNodeTypes.CDC_V1.withConnectionCheck(),
                      LogNodeTypes.LOG_TAIL_V1.withConnectionCheck())
                      .stream(),
                  TransformNodeTypes.all().stream())
              .toList());

  private BuiltInNodeTypes() {}

  /**
   * The error policy every node that can meet a bad record offers: the same values, default and
   * wording everywhere, so a person learns it once. A source cannot read a line; a filter or derive
   * fails to evaluate an expression on a record ({@code CAST('abc' AS INT)}, a division by zero).
   */
  /**
   * The field by which a node names a stored connection of {@code kind} instead of carrying its
   * address and credentials; see {@code io.sluice.model.connection.ConnectionBinding}.
   */
  static ConfigField connection(String kind, String title, String what) {
    return ConfigField.builder("connection", STRING)
        .label("Connection")
        .connection(kind)
        .help(
            "A stored "
                + title
                + " connection that supplies the "
                + what
                + ", so the pipeline carries no credentials. Leave empty to fill in the fields"
                + " below instead; setting both is refused.")
        .group("Connection")
        .build();
  }

  private static ConfigField onError(String label, String kept, String what) {
    return ConfigField.builder("onError", ENUM)
        .label(label)
        .allowedValues("dead-letter", "skip", "fail")
        .defaultValue("dead-letter")
        .help(
            "dead-letter: keep "
                + kept
                + " and the reason in the dead-letter table, and go on. skip: count it and go on."
                + " fail: stop the pipeline (it restarts by its restart policy and meets "
                + what
                + " again).")
        .group("Errors")
        .build();
  }

  /**
   * The built-in node types: file-directory, generator, filter, derive, postgres,
   * file-directory-sink, kafka, kafka-sink, s3, s3-sink, postgres-incremental, postgres-cdc,
   * log-tail, and the transforms of {@link TransformNodeTypes} (version 1).
   */
  public static NodeTypeRegistry registry() {
    return REGISTRY;
  }
}
