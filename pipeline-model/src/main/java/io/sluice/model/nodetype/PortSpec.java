package io.sluice.model.nodetype;

import io.sluice.model.id.PortName;
import java.util.Objects;

/** An input or output port that a node type declares, with the label the designer shows. */
public record PortSpec(PortName name, String label) {

  public PortSpec {
    Objects.requireNonNull(name, "name");
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("Port " + name + ": label must not be blank");
    }
  }

  /** The conventional single input, {@code in}. */
  public static PortSpec input() {
    return new PortSpec(PortName.IN, "In");
  }

  /** The conventional single output, {@code out}. */
  public static PortSpec output() {
    return new PortSpec(PortName.OUT, "Out");
  }
}
