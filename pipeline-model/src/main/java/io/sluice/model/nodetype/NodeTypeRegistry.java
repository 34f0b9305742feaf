package io.sluice.model.nodetype;

import java.util.List;
import java.util.Optional;

/**
 * The node types a Sluice installation knows. The validator asks it about every node; the designer
 * lists {@link #all()} in its palette. Implementations must be thread-safe.
 *
 * <pre>{@code
 * NodeTypeRegistry types = BuiltInNodeTypes.registry();
 * types.find("filter", 1).orElseThrow().fields(); // [condition]
 * }</pre>
 */
public interface NodeTypeRegistry {

  /** The descriptor of {@code type} in {@code version}, if known. */
  Optional<NodeTypeDescriptor> find(String type, int version);

  /** Every descriptor, every version, in a stable order. */
  List<NodeTypeDescriptor> all();

  /**
   * Whether any version of {@code type} is known; tells an unknown type from an unknown version.
   */
  boolean knowsType(String type);

  /**
   * An immutable registry of {@code descriptors}, kept in the given order.
   *
   * @throws IllegalArgumentException if a type and version appear twice
   */
  static NodeTypeRegistry of(List<NodeTypeDescriptor> descriptors) {
    return new ListNodeTypeRegistry(descriptors);
  }
}
