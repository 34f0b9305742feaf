package io.sluice.model.connection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stored connection with its secrets decrypted, as handed to the plan translator inside the
 * process. It never leaves the process: {@link #toString()} names it without any value, so a log
 * line or an exception message that prints it shows no secret.
 *
 * @param values the connection's fields by name, secrets in plain text
 */
public record ConnectionValues(String name, String kind, Map<String, JsonNode> values) {
  public ConnectionValues {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    var copy = new LinkedHashMap<String, JsonNode>();
    values.forEach((k, v) -> copy.put(k, v.deepCopy()));
    values = Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "ConnectionValues[name=" + name + ", kind=" + kind + ", fields=" + values.keySet() + "]";
  }
}
