import type { PreviewPort } from '../api/types';
import { DEFAULT_OUT_PORT, type PipelineDocument, edgeId, edgesOf } from './document';

/** The ports whose records to show for the selection: an edge's source port, or a node's outputs. */
export function portsForSelection(doc: PipelineDocument, selection: { nodes: string[]; edges: string[] }, ports: PreviewPort[]) {
  const selectedEdge = selection.edges[0];
  if (selectedEdge) {
    const edge = edgesOf(doc).find((e) => edgeId(e) === selectedEdge);
    if (edge) {
      const port = ports.find((p) => p.node === edge.from.node && p.port === (edge.from.port ?? DEFAULT_OUT_PORT));
      return port ? [{ port, to: edge.to.node as string | undefined }] : [];
    }
  }
  const nodeId = selection.nodes[0];
  if (nodeId) return ports.filter((p) => p.node === nodeId).map((port) => ({ port, to: undefined }));
  return [];
}

