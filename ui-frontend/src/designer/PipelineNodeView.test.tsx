// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it } from 'vitest';
import type { NodeTypeDescriptor } from '../api/types';
import type { PipelineDocument } from '../model/document';
import { NODE_TYPES, pipeline } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { PipelineNodeView } from './PipelineNodeView';

const INTERVAL_JOIN: NodeTypeDescriptor = {
  type: 'interval-join',
  version: 1,
  role: 'transform',
  title: 'Interval join',
  description: 'Joins two inputs.',
  inputs: [
    { name: 'left', label: 'Left' },
    { name: 'right', label: 'Right' },
  ],
  outputs: [{ name: 'out', label: 'Out' }],
  fields: [{ name: 'keys', label: 'Keys', kind: 'string-list', required: true, secret: false }],
};

const JOIN = { id: 'j', type: 'interval-join', typeVersion: 1, name: 'Shipped', config: {} };

const DOC: PipelineDocument = {
  formatVersion: 1,
  nodes: [JOIN],
  edges: [],
  settings: { checkpointInterval: '30s', parallelism: 1, deliveryGuarantee: 'exactly-once' },
  layout: {},
};

describe('pipeline node view', () => {
  it('labels each input of a node with several, such as an interval join', () => {
    NODE_TYPES.push(INTERVAL_JOIN);
    try {
      const props = { id: 'j', data: { node: JOIN }, selected: false } as unknown as ComponentProps<typeof PipelineNodeView>;
      renderDesigner(<PipelineNodeView {...props} />, pipeline(DOC));
    } finally {
      NODE_TYPES.pop();
    }
    expect(screen.getByLabelText('Left input of Shipped').textContent).toBe('Left');
    expect(screen.getByLabelText('Right input of Shipped').textContent).toBe('Right');
    expect(screen.getByLabelText('Out output of Shipped').textContent).toBe('');
  });
});
