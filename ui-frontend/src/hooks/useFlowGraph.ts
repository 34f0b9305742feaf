import { useMemo } from 'react';
import type { Dimensions } from '../model/dimensions';
import { displayName } from '../model/document';
import { type GraphEdge, type GraphNode, documentToGraph } from '../model/graph';
import { useDesigner } from './useDesigner';

export type FlowNode = GraphNode & { measured?: Dimensions; ariaLabel?: string };

/**
 * The canvas's nodes and edges, derived from the document and the selection, with the sizes React
 * Flow measured carried along (they are UI state, never part of the document).
 */
export function useFlowGraph(measured: Record<string, Dimensions>): { nodes: FlowNode[]; edges: GraphEdge[] } {
  const doc = useDesigner((s) => s.doc);
  const selection = useDesigner((s) => s.selection);
  const nodeTypes = useDesigner((s) => s.nodeTypes);

  return useMemo(() => {
    const graph = documentToGraph(doc, { nodes: new Set(selection.nodes), edges: new Set(selection.edges) });
    const nodes = graph.nodes.map((n): FlowNode => {
      const size = measured[n.id];
      const type = nodeTypes[n.data.node.type]?.title ?? n.data.node.type;
      return { ...n, ariaLabel: `${displayName(n.data.node)}, ${type}`, ...(size ? { measured: size } : {}) };
    });
    return { nodes, edges: graph.edges };
  }, [doc, selection, measured, nodeTypes]);
}
