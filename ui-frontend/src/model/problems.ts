import type { Problem } from '../api/types';
import { type PipelineDocument, edgeId, edgesOf, nodesOf } from './document';

/** Where a problem points in the designer: a node (and maybe one of its fields), an edge, or the pipeline. */
export interface ProblemTarget {
  nodeId?: string;
  /** `name` for the node name, else a config field name. */
  field?: string;
  edgeId?: string;
}

const NODE_PATH = /^nodes\[(\d+)\](?:\.(.*))?$/;
const EDGE_PATH = /^edges\[(\d+)\]/;

/**
 * Resolves a problem's `nodeId` and `field` path (`config.path`, `nodes[2].name`, `edges[0]`) to
 * what the designer can select and focus.
 */
export function problemTarget(problem: Problem, doc: PipelineDocument): ProblemTarget {
  const field = problem.field ?? '';
  if (problem.nodeId) {
    return { nodeId: problem.nodeId, field: fieldOfNode(field.replace(NODE_PATH, '$2')) };
  }
  const nodeMatch = NODE_PATH.exec(field);
  if (nodeMatch) {
    const node = nodesOf(doc)[Number(nodeMatch[1])];
    if (node) return { nodeId: node.id, field: fieldOfNode(nodeMatch[2] ?? '') };
  }
  const edgeMatch = EDGE_PATH.exec(field);
  if (edgeMatch) {
    const edge = edgesOf(doc)[Number(edgeMatch[1])];
    if (edge) return { edgeId: edgeId(edge) };
  }
  return {};
}

function fieldOfNode(path: string): string | undefined {
  if (path === 'name') return 'name';
  if (path.startsWith('config.')) return path.slice('config.'.length).split(/[.[]/)[0];
  return undefined;
}

/** Problems per node id, for marks on the canvas. */
export function problemsByNode(problems: readonly Problem[], doc: PipelineDocument): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) {
    const id = problemTarget(p, doc).nodeId;
    if (!id) continue;
    out.set(id, [...(out.get(id) ?? []), p]);
  }
  return out;
}
