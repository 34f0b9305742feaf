package io.sluice.executor.compile.transform;

/**
 * A node's config does not fit the fields that reach it: a group-by field that is not there, a sum
 * of strings. Thrown while the fields are worked out and turned into a problem on the node and
 * config field; never escapes the check.
 */
public final class FieldProblem extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String code;

  public FieldProblem(String field, String code, String message) {
    super(message);
    this.field = field;
    this.code = code;
  }

  /** The config path, such as {@code config.groupBy}. */
  public String field() {
    return field;
  }

  public String code() {
    return code;
  }
}
