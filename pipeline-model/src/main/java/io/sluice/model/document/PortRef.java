package io.sluice.model.document;

import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import java.util.Objects;

/** One end of an {@link Edge}: a port of a node. */
public record PortRef(NodeId node, PortName port) {

  public PortRef {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(port, "port");
  }

  @Override
  public String toString() {
    return node + "." + port;
  }
}
