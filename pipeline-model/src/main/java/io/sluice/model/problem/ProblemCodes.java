package io.sluice.model.problem;

/**
 * The codes of {@link Problem}s. Stable: the UI and API clients match on them, so a code is never
 * renamed, only added.
 */
public final class ProblemCodes {

  // Reading the JSON document (io.sluice.model.json.PipelineJson).

  /** The text is not JSON at all, has trailing garbage, or repeats a key. */
  public static final String MALFORMED_JSON = "malformed-json";

  /** {@code formatVersion} is not one this build understands. */
  public static final String UNSUPPORTED_FORMAT_VERSION = "unsupported-format-version";

  /** A required field is absent (or {@code null}). */
  public static final String MISSING_FIELD = "missing-field";

  /** A field holds the wrong JSON type, for example a string where a number belongs. */
  public static final String WRONG_TYPE = "wrong-type";

  /** A field not defined by the format; future fields are rejected rather than dropped. */
  public static final String UNKNOWN_FIELD = "unknown-field";

  /** A node id or port name that breaks the naming rule. */
  public static final String INVALID_ID = "invalid-id";

  /** A duration that is neither a short form ({@code 30s}) nor ISO-8601 ({@code PT30S}). */
  public static final String INVALID_DURATION = "invalid-duration";

  /** A value outside an enumeration, such as an unknown delivery guarantee. */
  public static final String UNKNOWN_VALUE = "unknown-value";

  /** A value of the right type that is out of range, such as a parallelism of 0. */
  public static final String INVALID_VALUE = "invalid-value";

  // Validating the pipeline (io.sluice.model.validation.PipelineValidator).

  /** Two nodes share an id. */
  public static final String DUPLICATE_NODE_ID = "duplicate-node-id";

  /** No node type of that name exists. */
  public static final String UNKNOWN_NODE_TYPE = "unknown-node-type";

  /** The node type exists, but not in that version. */
  public static final String UNKNOWN_TYPE_VERSION = "unknown-type-version";

  /** A required config field is absent or null. */
  public static final String MISSING_CONFIG = "missing-config";

  /** A config value does not fit its field: type, range, allowed values or syntax. */
  public static final String INVALID_CONFIG = "invalid-config";

  /** A config key that the node type does not declare. */
  public static final String UNKNOWN_CONFIG_FIELD = "unknown-config-field";

  /** An edge names a node that does not exist. */
  public static final String DANGLING_EDGE = "dangling-edge";

  /** An edge names a port that the node type does not declare. */
  public static final String UNKNOWN_PORT = "unknown-port";

  /** The same edge appears twice. */
  public static final String DUPLICATE_EDGE = "duplicate-edge";

  /** A second edge ends at an input port that takes one. */
  public static final String TOO_MANY_EDGES = "too-many-edges";

  /** Inputs of a union differ in their fields; the message names the first that differs. */
  public static final String SCHEMA_MISMATCH = "schema-mismatch";

  /**
   * Starting this version from the state of the last run would not keep the state of a stateful
   * node (a warning: the start asks for {@code resetState}).
   */
  public static final String STATE_INCOMPATIBLE = "state-incompatible";

  /** The graph has a cycle; streaming pipelines are acyclic. */
  public static final String CYCLE = "cycle";

  /** An edge leads into a source. */
  public static final String SOURCE_HAS_INPUT = "source-has-input";

  /** An edge leads out of a sink. */
  public static final String SINK_HAS_OUTPUT = "sink-has-output";

  /** A node with no edges, or a transform or sink whose input has no edge. */
  public static final String UNCONNECTED_NODE = "unconnected-node";

  /** The pipeline has no sink, so its records would go nowhere. */
  public static final String NO_SINK = "no-sink";

  /** The pipeline has no source, so it would never see a record. */
  public static final String NO_SOURCE = "no-source";

  /** The layout places a node that does not exist. */
  public static final String LAYOUT_UNKNOWN_NODE = "layout-unknown-node";

  private ProblemCodes() {}

  // Resolving connections and places (io.sluice.model.connection).

  /** A node names a connection that does not exist. */
  public static final String UNKNOWN_CONNECTION = "unknown-connection";

  /** A node names a connection of another kind (a Kafka connection on a PostgreSQL sink). */
  public static final String WRONG_CONNECTION_KIND = "wrong-connection-kind";

  /** A node sets a field that the connection it names also fills. */
  public static final String CONNECTION_CONFLICT = "connection-conflict";

  /** A path outside the directories Sluice may read and write, or one that tries to leave them. */
  public static final String PATH_NOT_ALLOWED = "path-not-allowed";
}
