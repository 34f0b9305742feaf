import {
  type DocEdge,
  type DocNode,
  type PipelineDocument,
  type Position,
  edgeId,
  edgesOf,
  fromPort,
  nodesOf,
  toPort,
} from './document';

/**
 * The document seen as a graph for the canvas. The shapes match React Flow's `Node` and `Edge`
 * so the canvas can take them as they are, but nothing here depends on React.
 */
export interface GraphNode {
  id: string;
  type: 'pipelineNode';
  position: Position;
  selected?: boolean;
  data: {
    node: DocNode;
    /** Whether the document's layout places the node (else the position was computed). */
    placed: boolean;
  };
}

export interface GraphEdge {
  id: string;
  type: 'fields';
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  selected?: boolean;
  data: { edge: DocEdge };
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphSelection {
  nodes?: ReadonlySet<string>;
  edges?: ReadonlySet<string>;
}

export const COLUMN_WIDTH = 360;
export const ROW_HEIGHT = 140;
const ORIGIN = { x: 40, y: 40 };

export function documentToGraph(doc: PipelineDocument, selection: GraphSelection = {}): Graph {
  const auto = autoLayout(doc);
  const nodes = nodesOf(doc).map((node): GraphNode => {
    const placed = doc.layout?.[node.id];
    return {
      id: node.id,
      type: 'pipelineNode',
      position: placed ?? auto.get(node.id) ?? ORIGIN,
      selected: selection.nodes?.has(node.id) ?? false,
      data: { node, placed: placed !== undefined },
    };
  });
  const edges = edgesOf(doc).map((edge): GraphEdge => {
    const id = edgeId(edge);
    return {
      id,
      type: 'fields',
      source: edge.from.node,
      target: edge.to.node,
      sourceHandle: fromPort(edge.from),
      targetHandle: toPort(edge.to),
      selected: selection.edges?.has(id) ?? false,
      data: { edge },
    };
  });
  return { nodes, edges };
}

/**
 * The document a graph stands for. Parts of `base` that the graph does not show (settings and any
 * other top-level field) are kept; layout holds the nodes that are placed or were moved.
 */
export function graphToDocument(graph: Graph, base: PipelineDocument): PipelineDocument {
  const layout: Record<string, Position> = {};
  for (const n of graph.nodes) {
    if (n.data.placed) layout[n.id] = { x: n.position.x, y: n.position.y };
  }
  const { layout: _old, ...rest } = base;
  const doc: PipelineDocument = {
    ...rest,
    nodes: graph.nodes.map((n) => n.data.node),
    edges: graph.edges.map((e) => ({
      from: { ...e.data.edge.from, node: e.source, port: e.sourceHandle },
      to: { ...e.data.edge.to, node: e.target, port: e.targetHandle },
    })),
  };
  if (Object.keys(layout).length > 0 || base.layout !== undefined) doc.layout = layout;
  return doc;
}

/**
 * Positions for nodes the layout does not place: a column per step from the sources (longest
 * path), rows in document order. Placed nodes keep their place.
 */
export function autoLayout(doc: PipelineDocument): Map<string, Position> {
  const nodes = nodesOf(doc);
  const ids = new Set(nodes.map((n) => n.id));
  const incoming = new Map<string, string[]>();
  for (const e of edgesOf(doc)) {
    if (!ids.has(e.from.node) || !ids.has(e.to.node)) continue;
    incoming.set(e.to.node, [...(incoming.get(e.to.node) ?? []), e.from.node]);
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle: the validator reports it; just place it somewhere
    visiting.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const out = new Map<string, Position>();
  for (const n of nodes) {
    const col = depthOf(n.id);
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    if (!doc.layout?.[n.id]) out.set(n.id, { x: ORIGIN.x + col * COLUMN_WIDTH, y: ORIGIN.y + row * ROW_HEIGHT });
  }
  return out;
}
