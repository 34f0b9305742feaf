import { describe, expect, it } from 'vitest';
import { DOCUMENT } from '../test/fixtures';
import type { PipelineDocument } from './document';
import { autoLayout, documentToGraph, graphToDocument } from './graph';

describe('document ⇄ graph', () => {
  it('turns a document into a graph and back into the same document', () => {
    const graph = documentToGraph(DOCUMENT);
    expect(graphToDocument(graph, DOCUMENT)).toEqual(DOCUMENT);
  });

  it('keeps fields it does not show, such as settings and unknown top-level fields', () => {
    const doc = { ...DOCUMENT, description: 'kept' } as PipelineDocument;
    const back = graphToDocument(documentToGraph(doc), doc);
    expect(back.settings).toBe(DOCUMENT.settings);
    expect(back.description).toBe('kept');
  });

  it('makes one node per document node with its layout position and one edge per edge with ports as handles', () => {
    const graph = documentToGraph(DOCUMENT, { nodes: new Set(['big']) });
    expect(graph.nodes.map((n) => [n.id, n.position, n.selected])).toEqual([
      ['src', { x: 10, y: 20 }, false],
      ['big', { x: 300, y: 20 }, true],
      ['sink', { x: 600, y: 20 }, false],
    ]);
    expect(graph.edges[0]).toMatchObject({ id: 'src:out->big:in', source: 'src', target: 'big', sourceHandle: 'out', targetHandle: 'in' });
  });

  it('places nodes the layout leaves out in columns by their distance from the sources, without writing them to the layout', () => {
    const { layout: _layout, ...unplaced } = DOCUMENT;
    const graph = documentToGraph(unplaced as PipelineDocument);
    const xs = graph.nodes.map((n) => n.position.x);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]).toBeLessThan(xs[2]!);
    expect(graphToDocument(graph, unplaced as PipelineDocument).layout).toBeUndefined();
  });

  it('fills default ports of edges written without them', () => {
    const doc: PipelineDocument = { ...DOCUMENT, edges: [{ from: { node: 'src' }, to: { node: 'big' } }] };
    expect(documentToGraph(doc).edges[0]).toMatchObject({ sourceHandle: 'out', targetHandle: 'in' });
  });

  it('survives a cycle when laying out', () => {
    const doc: PipelineDocument = {
      formatVersion: 1,
      nodes: [
        { id: 'a', type: 'filter' },
        { id: 'b', type: 'filter' },
      ],
      edges: [
        { from: { node: 'a' }, to: { node: 'b' } },
        { from: { node: 'b' }, to: { node: 'a' } },
      ],
    };
    expect(autoLayout(doc).size).toBe(2);
  });
});
