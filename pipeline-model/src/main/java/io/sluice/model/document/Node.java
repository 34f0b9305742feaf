package io.sluice.model.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.id.NodeId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a pipeline: an instance of a node type with its configuration.
 *
 * <p>The config is kept as raw JSON values, in the order they were given, because what a value
 * means depends on the node type's descriptor; the validator checks it against that descriptor.
 * Values are copied on the way in and out ({@link JsonNode} containers are mutable), so a node is
 * truly immutable.
 *
 * @param type the node type, such as {@code file-directory}
 * @param typeVersion the version of the node type's config schema, starting at 1
 * @param name what the designer shows; defaults to the id when read from JSON
 */
public record Node(
    NodeId id, String type, int typeVersion, String name, Map<String, JsonNode> config) {

  public Node {
    Objects.requireNonNull(id, "id");
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("Node " + id + ": type must not be blank");
    }
    if (typeVersion < 1) {
      throw new IllegalArgumentException(
          "Node " + id + ": typeVersion must be at least 1, got " + typeVersion);
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Node " + id + ": name must not be blank");
    }
    Objects.requireNonNull(config, "config");
    var copy = new LinkedHashMap<String, JsonNode>();
    config.forEach(
        (key, value) ->
            copy.put(
                Objects.requireNonNull(key, "config key"),
                JsonValues.canonicalCopy(
                    Objects.requireNonNull(value, "config value of " + key + " (use NullNode)"))));
    config = Collections.unmodifiableMap(copy);
  }

  /** A node with no config yet, named after its id. */
  public static Node of(NodeId id, String type) {
    return new Node(id, type, 1, id.value(), Map.of());
  }

  /** The config in document order; a fresh copy, so changing it does not change this node. */
  @Override
  public Map<String, JsonNode> config() {
    var copy = new LinkedHashMap<String, JsonNode>();
    config.forEach((key, value) -> copy.put(key, value.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }

  /** The config value under {@code key}, treating JSON {@code null} as absent. */
  public Optional<JsonNode> configValue(String key) {
    JsonNode value = config.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.deepCopy());
  }
}
