package io.sluice.model.document;

import java.util.List;
import java.util.Objects;

/**
 * One immutable version of a pipeline: what runs ({@code nodes}, {@code edges}, {@code settings})
 * and, apart from it, where things sit on the canvas ({@code layout}).
 *
 * <p>A document may be wrong (duplicate ids, dangling edges, cycles…): the designer has to save
 * half-drawn pipelines. {@code io.sluice.model.validation.PipelineValidator} says what is wrong;
 * {@code io.sluice.model.json.PipelineJson} reads and writes the JSON form.
 */
public record PipelineDocument(
    List<Node> nodes, List<Edge> edges, Settings settings, Layout layout) {

  /** The version of the JSON format written by this build, stored as {@code formatVersion}. */
  public static final int FORMAT_VERSION = 1;

  private static final PipelineDocument EMPTY =
      new PipelineDocument(List.of(), List.of(), Settings.defaults(), Layout.empty());

  public PipelineDocument {
    nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    edges = List.copyOf(Objects.requireNonNull(edges, "edges"));
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(layout, "layout");
  }

  /** No nodes, no edges, default settings, empty layout: a new pipeline. */
  public static PipelineDocument empty() {
    return EMPTY;
  }
}
