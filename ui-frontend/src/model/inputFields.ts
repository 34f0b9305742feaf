import type { FieldView } from '../api/types';
import { type PipelineDocument, edgesOf } from './document';

/**
 * The fields that reach `nodeId`: the output fields (as the backend's check found them) of every
 * node with an edge into it, each name once, in edge order. Empty for a source, or while the
 * pipeline does not type-check.
 */
export function inputFieldsOf(doc: PipelineDocument, fields: Record<string, FieldView[]>, nodeId: string): FieldView[] {
  const seen = new Set<string>();
  const out: FieldView[] = [];
  for (const edge of edgesOf(doc)) {
    if (edge.to.node !== nodeId) continue;
    for (const f of fields[edge.from.node] ?? []) {
      if (!seen.has(f.name)) {
        seen.add(f.name);
        out.push(f);
      }
    }
  }
  return out;
}
