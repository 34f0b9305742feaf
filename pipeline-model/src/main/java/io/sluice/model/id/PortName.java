package io.sluice.model.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The name of an input or output port of a node, as declared by its node type.
 *
 * <p>Same character rule as {@link NodeId}. Most node types have one input {@link #IN} and one
 * output {@link #OUT}; a type with more (for example a dead-letter output) declares them in its
 * descriptor.
 */
public record PortName(@JsonValue String value) {

  /** The conventional single input port. */
  public static final PortName IN = new PortName("in");

  /** The conventional single output port. */
  public static final PortName OUT = new PortName("out");

  /** Checks the value; throws {@link IllegalArgumentException} naming the rule it breaks. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public PortName {
    Names.check("Port name", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
