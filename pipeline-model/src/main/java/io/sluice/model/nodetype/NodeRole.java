package io.sluice.model.nodetype;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a node type sits in a pipeline. The role fixes which ports may exist: a source reads from
 * outside and has no inputs, a sink writes outside and has no outputs.
 */
public enum NodeRole {
  SOURCE,
  TRANSFORM,
  SINK;

  /** {@code source}, {@code transform} or {@code sink}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
