import type { NodeRole, NodeTypeDescriptor } from '../api/types';

export const ROLE_ORDER: NodeRole[] = ['source', 'transform', 'sink'];

export const ROLE_HEADING: Record<NodeRole, string> = {
  source: 'Sources',
  transform: 'Transforms',
  sink: 'Sinks',
};

/** Node types grouped by role, each group sorted by title, filtered by a search over title, type and description. */
export function groupNodeTypes(types: readonly NodeTypeDescriptor[], search: string): Record<NodeRole, NodeTypeDescriptor[]> {
  const q = search.trim().toLowerCase();
  const groups: Record<NodeRole, NodeTypeDescriptor[]> = { source: [], transform: [], sink: [] };
  for (const t of types) {
    if (q && ![t.title, t.type, t.description].some((s) => s.toLowerCase().includes(q))) continue;
    (groups[t.role] ?? groups.transform).push(t);
  }
  for (const role of ROLE_ORDER) groups[role].sort((a, b) => a.title.localeCompare(b.title));
  return groups;
}
