import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ValidationResult } from '../api/types';
import type { PipelineDocument } from '../model/document';
import { DOCUMENT, NODE_TYPES, pipeline } from '../test/fixtures';
import { createDesignerStore } from './designerStore';
import { attachHistory, redo, undo } from './history';
import { attachValidation } from './validation';

describe('designer store with undo history', () => {
  it('undoes and redoes edits, and a drag counts once', () => {
    const store = createDesignerStore(pipeline(), NODE_TYPES);
    const detach = attachHistory(store);
    const s = () => store.getState();

    s().apply([{ type: 'move-node', id: 'src', position: { x: 50, y: 20 } }], { transient: true });
    s().apply([{ type: 'move-node', id: 'src', position: { x: 90, y: 20 } }], { transient: true });
    s().apply([{ type: 'move-node', id: 'src', position: { x: 90, y: 20 } }]); // drag end, same place
    s().apply([{ type: 'rename-node', id: 'big', name: 'L' }], { key: 'big.name' });
    s().apply([{ type: 'rename-node', id: 'big', name: 'Large' }], { key: 'big.name' });
    expect(s().history.past).toHaveLength(2);

    undo(store);
    expect(s().doc.nodes?.[1]?.name).toBe('Big orders');
    undo(store);
    expect(s().doc.layout?.src).toEqual({ x: 10, y: 20 });
    expect(s().doc).toEqual(DOCUMENT);
    redo(store);
    redo(store);
    expect(s().doc.layout?.src).toEqual({ x: 90, y: 20 });
    expect(s().doc.nodes?.[1]?.name).toBe('Large');
    detach();
  });

  it('forgets the history when another version is loaded, and drops selections of nodes that are gone', () => {
    const store = createDesignerStore(pipeline(), NODE_TYPES);
    attachHistory(store);
    store.getState().select({ nodes: ['big'] });
    store.getState().apply([{ type: 'remove-nodes', ids: ['big'] }]);
    expect(store.getState().selection.nodes).toEqual([]);
    store.getState().load(pipeline(DOCUMENT, 4));
    expect(store.getState().history.past).toEqual([]);
    expect(store.getState().baseVersion).toBe(4);
  });

  it('takes the saved document as the clean state, without an undo step, when nothing changed meanwhile', () => {
    const store = createDesignerStore(pipeline(), NODE_TYPES);
    attachHistory(store);
    store.getState().apply([{ type: 'rename-node', id: 'big', name: 'Large' }]);
    const sent = store.getState().doc;
    const canonical: PipelineDocument = { ...sent, settings: { ...sent.settings, parallelism: 2 } };
    store.getState().saved(pipeline(canonical, 4), sent);
    expect(store.getState().doc).toBe(canonical);
    expect(store.getState().savedDoc).toBe(canonical);
    expect(store.getState().baseVersion).toBe(4);
    expect(store.getState().history.past).toHaveLength(1);
  });
});

describe('validation as the user edits', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks the document once after a pause and shows the answer for that document only', async () => {
    const store = createDesignerStore(pipeline(), NODE_TYPES);
    const calls: PipelineDocument[] = [];
    const answer: ValidationResult = {
      valid: false,
      problems: [{ nodeId: 'big', field: 'config.condition', code: 'missing-config', message: 'Condition is required.' }],
    };
    attachValidation(store, async (doc) => {
      calls.push(doc);
      return answer;
    }, 300);

    store.getState().apply([{ type: 'set-config', id: 'big', field: 'condition', value: 'a' }]);
    store.getState().apply([{ type: 'set-config', id: 'big', field: 'condition', value: undefined }]);
    expect(store.getState().validation.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBe(store.getState().doc);
    expect(store.getState().validation).toMatchObject({ pending: false, problems: answer.problems });
  });

  it('does not check while a node is being dragged', async () => {
    const store = createDesignerStore(pipeline(), NODE_TYPES);
    const validate = vi.fn(async () => ({ valid: true, problems: [] }));
    attachValidation(store, validate, 100);
    store.getState().apply([{ type: 'move-node', id: 'src', position: { x: 1, y: 1 } }], { transient: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(validate).not.toHaveBeenCalled();
  });
});
