import { describe, expect, it } from 'vitest';
import type { NodeTypeDescriptor } from '../api/types';
import { acceptsAnotherEdge, outputPortsOf } from './ports';

const ROUTE: NodeTypeDescriptor = {
  type: 'route',
  version: 1,
  role: 'transform',
  title: 'Route',
  description: 'Sends records to the first matching branch.',
  inputs: [{ name: 'in', label: 'In' }],
  outputs: [{ name: 'default', label: 'Default' }],
  fields: [{ name: 'routes', label: 'Branches', kind: 'string-list', required: true, secret: false }],
  outputPortsField: 'routes',
};

const UNION: NodeTypeDescriptor = {
  ...ROUTE,
  type: 'union',
  inputs: [{ name: 'in', label: 'In', multiple: true }],
  outputs: [{ name: 'out', label: 'Out' }],
  fields: [],
  outputPortsField: undefined,
};

describe('ports', () => {
  it('gives a route one output per branch after its default, skipping malformed entries', () => {
    const node = {
      id: 'split',
      type: 'route',
      typeVersion: 1,
      config: { routes: ['large: amount > 100', 'no colon', ' eu : country = \'NL\'', 'large: again', 7] },
    };
    expect(outputPortsOf(ROUTE, node).map((p) => p.name)).toEqual(['default', 'large', 'eu']);
  });

  it('keeps the declared outputs of a type without config ports', () => {
    expect(outputPortsOf(UNION, { id: 'u', type: 'union', typeVersion: 1, config: {} })).toEqual([
      { name: 'out', label: 'Out' },
    ]);
  });

  it('lets a multiple input take more edges and a single input only one', () => {
    expect(acceptsAnotherEdge(UNION, 'in', 3)).toBe(true);
    expect(acceptsAnotherEdge(ROUTE, 'in', 0)).toBe(true);
    expect(acceptsAnotherEdge(ROUTE, 'in', 1)).toBe(false);
  });
});
