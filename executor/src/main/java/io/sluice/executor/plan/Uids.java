package io.sluice.executor.plan;

import java.util.regex.Pattern;

/**
 * Stable Flink operator uids derived from pipeline node ids. Flink matches operator state in a
 * savepoint to operators by uid, so a new version of a pipeline resumes with the state of the old
 * one as long as its nodes keep their ids. One node may compile to several operators; the role
 * tells them apart.
 *
 * <pre>{@code
 * Uids.of("orders_csv", "source");   // "node/orders_csv/source"
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class Uids {

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.:-]+");

  private Uids() {}

  /**
   * The uid of the operator that plays {@code role} for node {@code nodeId}.
   *
   * @param nodeId the pipeline node id
   * @param role what the operator does for the node, such as {@code source}, {@code parse} or
   *     {@code sink}
   */
  public static String of(String nodeId, String role) {
    return "node/" + check("nodeId", nodeId) + "/" + check("role", role);
  }

  private static String check(String what, String value) {
    if (value == null || !PART.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be letters, digits, '_', '.', ':' or '-', was " + value);
    }
    return value;
  }
}
