package io.sluice.connectors.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What checking a node's connection found: whether the node could run against it, a sentence for
 * the person, and facts found on the way (brokers, partitions, the server version…).
 *
 * @param details values that serialize as JSON: strings, numbers, booleans, lists of them
 */
public record ConnectionCheckResult(boolean ok, String message, Map<String, Object> details) {
  public ConnectionCheckResult {
    Objects.requireNonNull(message, "message");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static ConnectionCheckResult ok(String message, Map<String, Object> details) {
    return new ConnectionCheckResult(true, message, details);
  }

  public static ConnectionCheckResult failed(String message, Map<String, Object> details) {
    return new ConnectionCheckResult(false, message, details);
  }
}
