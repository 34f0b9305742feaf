package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.ENUM;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;
import static io.sluice.model.nodetype.FieldKind.TEXT;

import io.sluice.model.id.PortName;
import java.util.List;

/**
 * The transforms that keep state or have several inputs or outputs: window-aggregate, deduplicate,
 * union, route and sql. Part of {@link BuiltInNodeTypes#registry()}; kept apart so that each family
 * of node types reads on its own page.
 */
public final class TransformNodeTypes {

  public static final String WINDOW_AGGREGATE = "window-aggregate";
  public static final String DEDUPLICATE = "deduplicate";
  public static final String UNION = "union";
  public static final String ROUTE = "route";
  public static final String SQL = "sql";

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
                  .build()));

  static List<NodeTypeDescriptor> all() {
    return List.of(WINDOW_AGGREGATE_V1, DEDUPLICATE_V1, UNION_V1, ROUTE_V1, SQL_V1);
  }
}
