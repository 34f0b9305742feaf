import {
  type DocEdge,
  type DocNode,
  type PipelineDocument,
  type Position,
  edgeId,
  edgesOf,
  nodesOf,
} from './document';

/**
 * Every edit of a document is one of these plain objects, applied by {@link applyChange}. The same
 * objects come from the canvas, the forms and the keyboard, so undo, validation and tests see one
 * kind of edit.
 */
export type DocChange =
  | { type: 'add-node'; node: DocNode; position: Position }
  | { type: 'remove-nodes'; ids: string[] }
  | { type: 'move-node'; id: string; position: Position }
  | { type: 'add-edge'; edge: DocEdge }
  | { type: 'remove-edges'; ids: string[] }
  | { type: 'rename-node'; id: string; name: string }
  | { type: 'set-config'; id: string; field: string; value: unknown }
  | { type: 'replace-document'; document: PipelineDocument };

/** Applies changes in order; the input is never modified, unchanged parts are shared. */
export function applyChanges(doc: PipelineDocument, changes: readonly DocChange[]): PipelineDocument {
  return changes.reduce(applyChange, doc);
}

export function applyChange(doc: PipelineDocument, change: DocChange): PipelineDocument {
  switch (change.type) {
    case 'add-node': {
      if (nodesOf(doc).some((n) => n.id === change.node.id)) return doc;
      return {
        ...doc,
        nodes: [...nodesOf(doc), change.node],
        layout: { ...(doc.layout ?? {}), [change.node.id]: roundPosition(change.position) },
      };
    }
    case 'remove-nodes': {
      const gone = new Set(change.ids);
      if (!nodesOf(doc).some((n) => gone.has(n.id))) return doc;
      const layout = doc.layout ? omitKeys(doc.layout, gone) : undefined;
      return withOptional(
        {
          ...doc,
          nodes: nodesOf(doc).filter((n) => !gone.has(n.id)),
          edges: edgesOf(doc).filter((e) => !gone.has(e.from.node) && !gone.has(e.to.node)),
        },
        'layout',
        layout,
      );
    }
    case 'move-node': {
      if (!nodesOf(doc).some((n) => n.id === change.id)) return doc;
      const position = roundPosition(change.position);
      const current = doc.layout?.[change.id];
      if (current && current.x === position.x && current.y === position.y) return doc;
      return { ...doc, layout: { ...(doc.layout ?? {}), [change.id]: position } };
    }
    case 'add-edge': {
      const id = edgeId(change.edge);
      if (edgesOf(doc).some((e) => edgeId(e) === id)) return doc;
      return { ...doc, edges: [...edgesOf(doc), change.edge] };
    }
    case 'remove-edges': {
      const gone = new Set(change.ids);
      const edges = edgesOf(doc).filter((e) => !gone.has(edgeId(e)));
      return edges.length === edgesOf(doc).length ? doc : { ...doc, edges };
    }
    case 'rename-node':
      return updateNode(doc, change.id, (node) => {
        if (change.name === '') {
          const { name: _dropped, ...rest } = node;
          return rest;
        }
        return { ...node, name: change.name };
      });
    case 'set-config':
      return updateNode(doc, change.id, (node) => {
        const config = { ...(node.config ?? {}) };
        if (change.value === undefined) delete config[change.field];
        else config[change.field] = change.value;
        return { ...node, config };
      });
    case 'replace-document':
      return change.document;
  }
}

function updateNode(doc: PipelineDocument, id: string, update: (node: DocNode) => DocNode): PipelineDocument {
  let changed = false;
  const nodes = nodesOf(doc).map((n) => {
    if (n.id !== id) return n;
    changed = true;
    return update(n);
  });
  return changed ? { ...doc, nodes } : doc;
}

function roundPosition(p: Position): Position {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

function omitKeys<V>(record: Record<string, V>, keys: Set<string>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.has(k)));
}

function withOptional<K extends string>(doc: PipelineDocument, key: K, value: unknown): PipelineDocument {
  if (value === undefined) {
    const { [key]: _dropped, ...rest } = doc;
    return rest as PipelineDocument;
  }
  return { ...doc, [key]: value };
}
