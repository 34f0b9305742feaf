package io.sluice.model.nodetype;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** A fixed list of descriptors; lists are short, so a scan beats an index. Immutable. */
final class ListNodeTypeRegistry implements NodeTypeRegistry {

  private final List<NodeTypeDescriptor> descriptors;

  ListNodeTypeRegistry(List<NodeTypeDescriptor> descriptors) {
    this.descriptors = List.copyOf(descriptors);
    var seen = new HashSet<String>();
    for (var d : this.descriptors) {
      if (!seen.add(d.type() + "@" + d.version())) {
        throw new IllegalArgumentException(
            "Node type " + d.type() + " version " + d.version() + " is registered twice");
      }
    }
  }

  @Override
  public Optional<NodeTypeDescriptor> find(String type, int version) {
    return descriptors.stream()
        .filter(d -> d.type().equals(type) && d.version() == version)
        .findFirst();
  }

  @Override
  public List<NodeTypeDescriptor> all() {
    return descriptors;
  }

  @Override
  public boolean knowsType(String type) {
    return descriptors.stream().anyMatch(d -> d.type().equals(type));
  }
}
