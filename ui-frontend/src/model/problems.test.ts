import { describe, expect, it } from 'vitest';
import { DOCUMENT } from '../test/fixtures';
import { problemTarget, problemsByNode } from './problems';

describe('problem targets', () => {
  it('points config problems at the node and its field', () => {
    expect(problemTarget({ nodeId: 'src', field: 'config.path', code: 'missing-config', message: '' }, DOCUMENT)).toEqual({
      nodeId: 'src',
      field: 'path',
    });
  });

  it('resolves node and edge paths by index', () => {
    expect(problemTarget({ field: 'nodes[1].name', code: 'invalid-value', message: '' }, DOCUMENT)).toEqual({ nodeId: 'big', field: 'name' });
    expect(problemTarget({ field: 'edges[0]', code: 'dangling-edge', message: '' }, DOCUMENT)).toEqual({ edgeId: 'src:out->big:in' });
    expect(problemTarget({ code: 'no-sink', message: '' }, DOCUMENT)).toEqual({});
  });

  it('groups problems by node', () => {
    const byNode = problemsByNode(
      [
        { nodeId: 'src', code: 'a', message: '' },
        { nodeId: 'src', code: 'b', message: '' },
        { code: 'no-sink', message: '' },
      ],
      DOCUMENT,
    );
    expect(byNode.get('src')).toHaveLength(2);
    expect(byNode.size).toBe(1);
  });
});
