package io.sluice.model.nodetype;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.model.id.PortName;
import java.util.Objects;

/**
 * An input or output port that a node type declares, with the label the designer shows.
 *
 * @param multiple for an input port: whether several edges may end at it (a union, or a SQL query
 *     over several inputs). An input port that is not {@code multiple} takes exactly one edge.
 */
public record PortSpec(
    PortName name, String label, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean multiple) {

  public PortSpec {
    Objects.requireNonNull(name, "name");
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("Port " + name + ": label must not be blank");
    }
  }

  /** A port that takes one edge. */
  public PortSpec(PortName name, String label) {
    this(name, label, false);
  }

  /** The conventional input {@code in}, taking any number of edges. */
  public static PortSpec multipleInput() {
    return new PortSpec(PortName.IN, "In", true);
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
