package io.sluice.model.document;

import java.util.Objects;

/**
 * A connection from an output port of one node to an input port of another. Edges are explicit (not
 * implied by node order) so that fan-out, fan-in and multiple ports need no special cases.
 */
public record Edge(PortRef from, PortRef to) {

  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public String toString() {
    return from + " -> " + to;
  }
}
