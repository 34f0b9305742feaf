import type { DocNode } from './document';

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Whether `id` obeys the document's id rule: 1–64 of `[A-Za-z0-9_.-]`, not starting with `.` or `-`. */
export function isValidId(id: string): boolean {
  return ID.test(id);
}

/**
 * A new node id derived from the type: `filter-1`, then `filter-2`, … — the lowest number not in
 * use, so ids stay short and readable in documents and problem messages.
 */
export function newNodeId(type: string, existing: readonly DocNode[]): string {
  const base = type.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 56) || 'node';
  const used = new Set(existing.map((n) => n.id));
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!used.has(id)) return id;
  }
}
