package io.sluice.model.document;

import io.sluice.model.id.NodeId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Canvas positions of nodes, kept apart from the nodes so that moving a node on the canvas never
 * looks like a change to what the pipeline does (version diffs and plan compilation ignore it).
 */
public record Layout(Map<NodeId, Position> positions) {

  private static final Layout EMPTY = new Layout(Map.of());

  /** Copies {@code positions}, keeping their order. */
  public Layout {
    Objects.requireNonNull(positions, "positions");
    var copy = new LinkedHashMap<NodeId, Position>();
    positions.forEach(
        (node, position) ->
            copy.put(
                Objects.requireNonNull(node, "node id in layout"),
                Objects.requireNonNull(position, "position of " + node)));
    positions = Collections.unmodifiableMap(copy);
  }

  public static Layout empty() {
    return EMPTY;
  }
}
