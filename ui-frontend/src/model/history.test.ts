import { describe, expect, it } from 'vitest';
import { emptyHistory, record, redo, undo } from './history';

describe('undo history', () => {
  it('undoes and redoes edits in order', () => {
    let h = emptyHistory<string>();
    h = record(h, 'a');
    h = record(h, 'b'); // now at 'c'
    const u1 = undo(h, 'c')!;
    expect(u1.present).toBe('b');
    const u2 = undo(u1.history, u1.present)!;
    expect(u2.present).toBe('a');
    expect(undo(u2.history, u2.present)).toBeNull();
    const r1 = redo(u2.history, u2.present)!;
    expect(r1.present).toBe('b');
    expect(redo(r1.history, r1.present)!.present).toBe('c');
  });

  it('drops the redo branch when a new edit follows an undo', () => {
    let h = record(emptyHistory<string>(), 'a');
    const u = undo(h, 'b')!;
    h = record(u.history, u.present);
    expect(h.future).toEqual([]);
    expect(redo(h, 'x')).toBeNull();
  });

  it('merges consecutive edits with the same key into one step', () => {
    let h = emptyHistory<string>();
    h = record(h, '', 'name');
    h = record(h, 'a', 'name');
    h = record(h, 'ab', 'name');
    expect(h.past).toEqual(['']);
    h = record(h, 'abc', 'other');
    expect(h.past).toEqual(['', 'abc']);
  });
});
