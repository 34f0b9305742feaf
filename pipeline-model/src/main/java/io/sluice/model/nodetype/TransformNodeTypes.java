package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.ENUM;
import static io.sluice.model.nodetype.FieldKind.INTEGER;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;
import static io.sluice.model.nodetype.FieldKind.TEXT;

import io.sluice.model.id.PortName;
import java.util.List;

/**
 * The transforms that keep state or have several inputs or outputs: window-aggregate, deduplicate,
 * union, route, sql, lookup-join, interval-join and pattern. Part of {@link
 * BuiltInNodeTypes#registry()}; kept apart so that each family of node types reads on its own page.
 */
public final class TransformNodeTypes {

  public static final String WINDOW_AGGREGATE = "window-aggregate";
  public static final String DEDUPLICATE = "deduplicate";
  public static final String UNION = "union";
  public static final String ROUTE = "route";
  public static final String SQL = "sql";
  public static final String LOOKUP_JOIN = "lookup-join";
  public static final String INTERVAL_JOIN = "interval-join";
  public static final String PATTERN = "pattern";

  /** The interval join's two inputs. */
  public static final PortName LEFT_PORT = new PortName("left");

  public static final PortName RIGHT_PORT = new PortName("right");

  /** The route's port for records that no branch takes. */
  public static final PortName DEFAULT_PORT = new PortName("default");

  private TransformNodeTypes() {}

  private static ConfigField timeField(String what) {
    return ConfigField.builder("timeField", STRING)
        .label("Event time field")
        .inputFields()
        .help(
            "The timestamp field that says when each record happened, for example placed_at. "
                + what)
        .group("Time")
        .build();
  }

  private static ConfigField watermarkDelay() {
    return ConfigField.builder("watermarkDelay", DURATION)
        .label("Wait for out-of-order records")
        .defaultValue("5s")
        .help(
            "Event time only: how far behind the newest event time seen a record may be and still"
                + " count. Time is judged to have reached T once a record with event time"
                + " T + this delay has arrived, so a window ending at T closes then.")
        .group("Time")
        .build();
  }

  static final NodeTypeDescriptor WINDOW_AGGREGATE_V1 =
      new NodeTypeDescriptor(
          WINDOW_AGGREGATE,
          1,
          NodeRole.TRANSFORM,
          "Window aggregate",
          "Groups records into time windows (tumbling, hopping or session), per group-by key,"
              + " and emits one record per window and key when the window closes: window_start,"
              + " window_end, the group-by fields and the aggregates.",
          List.of(PortSpec.input()),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("window", ENUM)
                  .label("Window")
                  .allowedValues("tumbling", "hopping", "session")
                  .defaultValue("tumbling")
                  .help(
                      "tumbling: back-to-back windows of one size. hopping: windows of one size"
                          + " that start every slide, so they overlap. session: a window per"
                          + " burst of records, closed after a gap without records.")
                  .group("Window")
                  .build(),
              ConfigField.builder("size", DURATION)
                  .label("Size")
                  .help("Tumbling and hopping: the length of a window, such as 1m or 1h.")
                  .group("Window")
                  .build(),
              ConfigField.builder("slide", DURATION)
                  .label("Slide")
                  .help("Hopping: how often a new window starts, such as 10s; less than the size.")
                  .group("Window")
                  .build(),
              ConfigField.builder("gap", DURATION)
                  .label("Gap")
                  .help("Session: the quiet time that ends a session, such as 30m.")
                  .group("Window")
                  .build(),
              ConfigField.builder("time", ENUM)
                  .label("Time")
                  .allowedValues("event-time", "processing-time")
                  .defaultValue("event-time")
                  .help(
                      "event-time: windows follow a timestamp field of the records, so results"
                          + " do not depend on when records arrive. processing-time: windows"
                          + " follow the clock of the machine as records pass.")
                  .group("Time")
                  .build(),
              timeField("Required for event time."),
              watermarkDelay(),
              ConfigField.builder("groupBy", STRING_LIST)
                  .label("Group by")
                  .inputFields()
                  .help(
                      "Fields whose values form a group, for example country. Empty: one group"
                          + " for all records.")
                  .build(),
              ConfigField.builder("aggregates", STRING_LIST)
                  .label("Aggregates")
                  .required()
                  .help(
                      "One entry per output field, written name = function(field): orders ="
                          + " count(*), revenue = sum(amount), smallest = min(amount), largest ="
                          + " max(amount), mean = avg(amount), buyers = count(distinct"
                          + " customer). Nulls are skipped, as in SQL.")
                  .build(),
              ConfigField.builder("lateRecords", ENUM)
                  .label("Late records")
                  .allowedValues("dead-letter", "skip")
                  .defaultValue("dead-letter")
                  .help(
                      "Event time: a record whose windows have all closed is late. dead-letter:"
                          + " keep it, with the reason, in the dead-letter. skip: count it (metric"
                          + " lateRecords) and drop it. A record without event time is treated"
                          + " the same way.")
                  .group("Time")
                  .build()));

  static final NodeTypeDescriptor DEDUPLICATE_V1 =
      new NodeTypeDescriptor(
          DEDUPLICATE,
          1,
          NodeRole.TRANSFORM,
          "Deduplicate",
          "Passes on one record per key within a time window: the first one at once, or the"
              + " last one when the window closes. The window starts with the first record of a"
              + " key.",
          List.of(PortSpec.input()),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("keyFields", STRING_LIST)
                  .inputFields()
                  .label("Key fields")
                  .required()
                  .help("The fields that make two records duplicates, for example order_id.")
                  .build(),
              ConfigField.builder("within", DURATION)
                  .label("Within")
                  .required()
                  .help(
                      "How long after a key's first record later ones count as its duplicates,"
                          + " such as 10m. A record after that starts a new window.")
                  .build(),
              ConfigField.builder("keep", ENUM)
                  .label("Keep")
                  .allowedValues("first", "last")
                  .defaultValue("first")
                  .help(
                      "first: pass on the first record of each key at once and drop the rest."
                          + " last: hold the newest record and pass it on when the window"
                          + " closes.")
                  .build(),
              timeField(
                  "Given: the window is measured in event time. Empty: in processing time (the"
                      + " machine's clock)."),
              watermarkDelay()));

  static final NodeTypeDescriptor UNION_V1 =
      new NodeTypeDescriptor(
          UNION,
          1,
          NodeRole.TRANSFORM,
          "Union",
          "Merges the records of all its inputs into one stream. The inputs must have the same"
              + " fields, with the same types, in the same order.",
          List.of(PortSpec.multipleInput()),
          List.of(PortSpec.output()),
          List.of());

  static final NodeTypeDescriptor ROUTE_V1 =
      new NodeTypeDescriptor(
          ROUTE,
          1,
          NodeRole.TRANSFORM,
          "Route",
          "Sends each record to the first output whose condition it meets, or to the default"
              + " output when it meets none. Each branch is an output port.",
          List.of(PortSpec.input()),
          List.of(new PortSpec(DEFAULT_PORT, "Default")),
          List.of(
              ConfigField.builder("routes", STRING_LIST)
                  .label("Branches")
                  .required()
                  .help(
                      "One entry per output, in order, written port: condition, for example"
                          + " large: amount > 1000. A record leaves through the first branch"
                          + " whose SQL condition is true; a NULL condition counts as false.")
                  .build(),
              ConfigField.builder("onError", ENUM)
                  .label("Records a condition fails on")
                  .allowedValues("dead-letter", "skip", "fail")
                  .defaultValue("dead-letter")
                  .help(
                      "dead-letter: keep the record (its fields as JSON) and the reason in the"
                          + " dead-letter table, and go on. skip: count it and go on. fail: stop"
                          + " the pipeline (it restarts by its restart policy and meets the"
                          + " record again).")
                  .group("Errors")
                  .build()),
          "routes");

  static final NodeTypeDescriptor SQL_V1 =
      new NodeTypeDescriptor(
          SQL,
          1,
          NodeRole.TRANSFORM,
          "SQL",
          "A Flink SQL query over its inputs. Each input is a table named after the node it"
              + " comes from (its id), for example SELECT o.id, c.name FROM orders o JOIN"
              + " customers c ON o.customer = c.id. The output fields are the query's columns.",
          List.of(PortSpec.multipleInput()),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("query", TEXT)
                  .label("Query")
                  .required()
                  .help(
                      "A SELECT over the input tables, named by the ids of the nodes they come"
                          + " from (in backquotes if the id has - or .). The query must produce"
                          + " each result once (append only): a GROUP BY without a window would"
                          + " update earlier results; use a window-aggregate node for that.")
                  .build(),
              ConfigField.builder("onError", ENUM)
                  .label("Records the query fails on")
                  .allowedValues("dead-letter", "skip", "fail")
                  .defaultValue("fail")
                  .help(
                      "What happens to a record an expression of the query's SELECT or WHERE"
                          + " fails on at run time (a CAST that does not parse, a division by"
                          + " zero). dead-letter: keep the record the expression read (as JSON)"
                          + " and the reason in the dead-letter table, and go on. skip: count it"
                          + " and go on. fail: stop the pipeline (it restarts by its restart"
                          + " policy and meets the record again). A failure inside an aggregate"
                          + " function or a join condition always stops the pipeline.")
                  .group("Errors")
                  .build()));

  static final NodeTypeDescriptor LOOKUP_JOIN_V1 =
      new NodeTypeDescriptor(
          LOOKUP_JOIN,
          1,
          NodeRole.TRANSFORM,
          "Lookup join",
          "Enriches each record with columns of the row of a PostgreSQL table that has its key,"
              + " for example the customer's name and tier by customer id. Rows are cached for a"
              + " while, so a table that changes shows through after the cache's time to live.",
          List.of(PortSpec.input()),
          List.of(PortSpec.output()),
          List.of(
              BuiltInNodeTypes.connection("postgres", "PostgreSQL", "JDBC URL, user and password"),
              ConfigField.builder("jdbcUrl", STRING)
                  .label("JDBC URL")
                  .required()
                  .help("Where the database is, for example jdbc:postgresql://db:5432/shop.")
                  .group("Connection")
                  .build(),
              ConfigField.builder("user", STRING)
                  .label("User")
                  .help("The database user. It needs SELECT on the table.")
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
                  .help("The table to look rows up in, optionally with its schema: crm.customers.")
                  .build(),
              ConfigField.builder("keys", STRING_LIST)
                  .label("Key")
                  .required()
                  .help(
                      "One entry per key column, written input_field = column, for example"
                          + " customer = id. A record is enriched from the row whose columns equal"
                          + " its fields; a record with an empty key field finds no row.")
                  .build(),
              ConfigField.builder("columns", STRING_LIST)
                  .label("Columns")
                  .required()
                  .help(
                      "The columns to add, written column: type, for example name: string, tier:"
                          + " long. The start checks them against the table. They are added after"
                          + " the record's fields, with the prefix if one is given.")
                  .build(),
              ConfigField.builder("prefix", STRING)
                  .label("Prefix for added fields")
                  .help(
                      "Put before each column's name in the output, such as customer_, when a"
                          + " column has the name of an input field.")
                  .build(),
              ConfigField.builder("missing", ENUM)
                  .label("Records without a row")
                  .allowedValues("left", "inner")
                  .defaultValue("left")
                  .help(
                      "left: pass the record on with the added fields empty (null). inner: drop"
                          + " it and count it (metric unmatchedRecords).")
                  .build(),
              ConfigField.builder("cacheMaxSize", INTEGER)
                  .label("Cache size")
                  .defaultValue(10000)
                  .min(0)
                  .help(
                      "How many keys each parallel task keeps in memory, found or not; the least"
                          + " recently used go first. 0: ask the database for every record.")
                  .group("Cache")
                  .build(),
              ConfigField.builder("cacheTtl", DURATION)
                  .label("Cache time to live")
                  .defaultValue("1m")
                  .help(
                      "How long a looked-up row (or its absence) is used before the database is"
                          + " asked again, such as 10m.")
                  .group("Cache")
                  .build()));

  static final NodeTypeDescriptor INTERVAL_JOIN_V1 =
      new NodeTypeDescriptor(
          INTERVAL_JOIN,
          1,
          NodeRole.TRANSFORM,
          "Interval join",
          "Joins the records of two inputs that have equal keys and event times close to each"
              + " other: each left record with every right record whose time is at most before"
              + " earlier and at most after later. Output: the left fields, then the right ones.",
          List.of(new PortSpec(LEFT_PORT, "Left"), new PortSpec(RIGHT_PORT, "Right")),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("keys", STRING_LIST)
                  .label("Keys")
                  .required()
                  .help(
                      "One entry per key, written left_field = right_field, for example order_id"
                          + " = order_id (or just order_id). Fields of a pair must have the same"
                          + " type.")
                  .build(),
              ConfigField.builder("leftTimeField", STRING)
                  .label("Left event time field")
                  .required()
                  .help("The timestamp field of the left records, such as placed_at.")
                  .group("Time")
                  .build(),
              ConfigField.builder("rightTimeField", STRING)
                  .label("Right event time field")
                  .required()
                  .help("The timestamp field of the right records, such as shipped_at.")
                  .group("Time")
                  .build(),
              ConfigField.builder("before", DURATION)
                  .label("Right may be earlier by")
                  .defaultValue("0s")
                  .help(
                      "How much earlier than the left record a right record may be, such as 5m:"
                          + " right time >= left time - this.")
                  .group("Time")
                  .build(),
              ConfigField.builder("after", DURATION)
                  .label("Right may be later by")
                  .defaultValue("0s")
                  .help(
                      "How much later than the left record a right record may be, such as 1h:"
                          + " right time <= left time + this.")
                  .group("Time")
                  .build(),
              ConfigField.builder("leftWatermarkDelay", DURATION)
                  .label("Wait for out-of-order left records")
                  .defaultValue("5s")
                  .help(
                      "How far behind the newest left event time a left record may be and still"
                          + " join. Later ones go to the dead-letter.")
                  .group("Time")
                  .build(),
              ConfigField.builder("rightWatermarkDelay", DURATION)
                  .label("Wait for out-of-order right records")
                  .defaultValue("5s")
                  .help(
                      "How far behind the newest right event time a right record may be and"
                          + " still join. Later ones go to the dead-letter.")
                  .group("Time")
                  .build(),
              ConfigField.builder("rightPrefix", STRING)
                  .label("Prefix for right fields")
                  .help(
                      "Put before the name of every right field in the output, such as"
                          + " shipment_. Needed when a right field has the name of a left one"
                          + " (unless it is dropped).")
                  .group("Output")
                  .build(),
              ConfigField.builder("rightDrop", STRING_LIST)
                  .label("Right fields to leave out")
                  .help("Right fields not to put out, such as the key that the left already has.")
                  .group("Output")
                  .build()));

  static final NodeTypeDescriptor PATTERN_V1 =
      new NodeTypeDescriptor(
          PATTERN,
          1,
          NodeRole.TRANSFORM,
          "Pattern",
          "Finds a sequence of records per key within a time, such as three failed logins and"
              + " then a success within 5 minutes, and emits one record per match: the key,"
              + " match_start, match_end, the number of records of each step and chosen values.",
          List.of(PortSpec.input()),
          List.of(PortSpec.output()),
          List.of(
              ConfigField.builder("keyFields", STRING_LIST)
                  .label("Per key")
                  .help(
                      "Fields whose values form the sequences, for example user. Empty: one"
                          + " sequence of all records.")
                  .build(),
              ConfigField.builder("steps", STRING_LIST)
                  .label("Steps")
                  .required()
                  .help(
                      "The sequence, one step per entry in order, written name: condition. After"
                          + " the name, {3} means exactly three records in a row, + one or more,"
                          + " {2,} two or more. For example failed{3}: outcome = 'failure', then"
                          + " ok: outcome = 'success'. Records of the key in between that fit"
                          + " no step end the attempt.")
                  .build(),
              ConfigField.builder("within", DURATION)
                  .label("Within")
                  .required()
                  .help("The longest time from the first record of a match to its last: 5m.")
                  .build(),
              ConfigField.builder("measures", STRING_LIST)
                  .label("Values to put out")
                  .help(
                      "Extra output fields, written name = first(step.field) or name ="
                          + " last(step.field), for example ip = last(failed.ip).")
                  .build(),
              ConfigField.builder("timeField", STRING)
                  .label("Event time field")
                  .required()
                  .help("The timestamp field that says when each record happened, such as at.")
                  .group("Time")
                  .build(),
              watermarkDelay()));

  static List<NodeTypeDescriptor> all() {
    return List.of(
        WINDOW_AGGREGATE_V1,
        DEDUPLICATE_V1,
        UNION_V1,
        ROUTE_V1,
        SQL_V1,
        LOOKUP_JOIN_V1,
        INTERVAL_JOIN_V1,
        PATTERN_V1);
  }
}
