package io.sluice.model.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The id of a node, unique within one pipeline document.
 *
 * <p>Ids are stable across versions of a pipeline: the executor derives Flink operator uids from
 * them, so a node keeps its state when the pipeline is edited. That is why an id is its own type
 * and not a loose {@code String}: 1 to 64 characters, letters, digits, {@code _ . -}, not starting
 * with {@code .} or {@code -}.
 *
 * <p>{@code new NodeId("orders-src")} is fine; {@code new NodeId("orders src")} throws.
 */
public record NodeId(@JsonValue String value) implements Comparable<NodeId> {

  /** Checks the value; throws {@link IllegalArgumentException} naming the rule it breaks. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public NodeId {
    Names.check("Node id", value);
  }

  @Override
  public int compareTo(NodeId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
