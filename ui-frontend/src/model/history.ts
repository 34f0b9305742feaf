/**
 * Undo history over immutable snapshots. Documents share unchanged parts, so a snapshot per edit
 * is cheap, and undo can never disagree with the edit it reverses.
 */
export interface History<T> {
  past: T[];
  future: T[];
  /** Key of the last recorded edit; a following edit with the same key merges into it. */
  lastKey?: string;
}

export const HISTORY_LIMIT = 200;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/**
 * Records that the document left state `before`. Consecutive edits with the same `key` (typing in
 * one field) become one step.
 */
export function record<T>(history: History<T>, before: T, key?: string): History<T> {
  if (key !== undefined && key === history.lastKey && history.future.length === 0) {
    return history;
  }
  const past = [...history.past, before];
  return {
    past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past,
    future: [],
    lastKey: key,
  };
}

/** The state before the last edit, or `null` when there is nothing to undo. */
export function undo<T>(history: History<T>, present: T): { history: History<T>; present: T } | null {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return null;
  return {
    history: { past: history.past.slice(0, -1), future: [present, ...history.future] },
    present: previous,
  };
}

export function redo<T>(history: History<T>, present: T): { history: History<T>; present: T } | null {
  const next = history.future[0];
  if (next === undefined) return null;
  return {
    history: { past: [...history.past, present], future: history.future.slice(1) },
    present: next,
  };
}
