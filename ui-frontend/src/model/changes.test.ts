import { describe, expect, it } from 'vitest';
import { DOCUMENT } from '../test/fixtures';
import { applyChange, applyChanges } from './changes';
import { emptyDocument } from './document';
import { newNodeId } from './ids';

describe('applying changes', () => {
  it('adds a node with its layout position, rounded to whole pixels', () => {
    const doc = applyChange(emptyDocument(), {
      type: 'add-node',
      node: { id: 'filter-1', type: 'filter', config: {} },
      position: { x: 10.4, y: 20.6 },
    });
    expect(doc.nodes).toEqual([{ id: 'filter-1', type: 'filter', config: {} }]);
    expect(doc.layout).toEqual({ 'filter-1': { x: 10, y: 21 } });
  });

  it('removes nodes together with their edges and layout entries', () => {
    const doc = applyChange(DOCUMENT, { type: 'remove-nodes', ids: ['big'] });
    expect(doc.nodes?.map((n) => n.id)).toEqual(['src', 'sink']);
    expect(doc.edges).toEqual([]);
    expect(Object.keys(doc.layout ?? {})).toEqual(['src', 'sink']);
  });

  it('never modifies the document it is given and shares what did not change', () => {
    const frozen = structuredClone(DOCUMENT);
    const doc = applyChange(DOCUMENT, { type: 'set-config', id: 'big', field: 'condition', value: 'amount > 5' });
    expect(DOCUMENT).toEqual(frozen);
    expect(doc.nodes?.[0]).toBe(DOCUMENT.nodes?.[0]);
    expect(doc.edges).toBe(DOCUMENT.edges);
    expect(doc.settings).toBe(DOCUMENT.settings);
  });

  it('sets and clears config values', () => {
    const set = applyChange(DOCUMENT, { type: 'set-config', id: 'src', field: 'format', value: 'json-lines' });
    expect(set.nodes?.[0]?.config).toEqual({ path: '/data/orders', format: 'json-lines' });
    const cleared = applyChange(set, { type: 'set-config', id: 'src', field: 'format', value: undefined });
    expect(cleared.nodes?.[0]?.config).toEqual({ path: '/data/orders' });
  });

  it('renames a node, and an empty name drops the field so the id shows', () => {
    const renamed = applyChange(DOCUMENT, { type: 'rename-node', id: 'big', name: 'Large' });
    expect(renamed.nodes?.[1]?.name).toBe('Large');
    expect(applyChange(renamed, { type: 'rename-node', id: 'big', name: '' }).nodes?.[1]).not.toHaveProperty('name');
  });

  it('adds an edge once and removes it by id', () => {
    const edge = { from: { node: 'src', port: 'out' }, to: { node: 'sink', port: 'in' } };
    const once = applyChanges(DOCUMENT, [
      { type: 'add-edge', edge },
      { type: 'add-edge', edge },
    ]);
    expect(once.edges).toHaveLength(3);
    expect(applyChange(once, { type: 'remove-edges', ids: ['src:out->sink:in'] }).edges).toEqual(DOCUMENT.edges);
  });

  it('returns the same document for changes that change nothing', () => {
    expect(applyChange(DOCUMENT, { type: 'move-node', id: 'src', position: { x: 10, y: 20 } })).toBe(DOCUMENT);
    expect(applyChange(DOCUMENT, { type: 'move-node', id: 'nope', position: { x: 1, y: 1 } })).toBe(DOCUMENT);
    expect(applyChange(DOCUMENT, { type: 'remove-nodes', ids: ['nope'] })).toBe(DOCUMENT);
  });

  it('derives new node ids from the type, taking the lowest free number', () => {
    expect(newNodeId('filter', [])).toBe('filter-1');
    expect(newNodeId('filter', [{ id: 'filter-1', type: 'filter' }, { id: 'filter-3', type: 'filter' }])).toBe('filter-2');
    expect(newNodeId('file-directory', [])).toBe('file-directory-1');
  });
});
