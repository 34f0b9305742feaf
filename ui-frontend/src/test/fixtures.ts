import type { NodeTypeDescriptor, Pipeline } from '../api/types';
import type { PipelineDocument } from '../model/document';

/** Descriptors shaped like the ones `GET /api/node-types` returns for the built-in types. */
export const NODE_TYPES: NodeTypeDescriptor[] = [
  {
    type: 'file-directory',
    version: 1,
    role: 'source',
    title: 'File directory',
    description: 'Reads files from a directory.',
    connectionCheck: true,
    inputs: [],
    outputs: [{ name: 'out', label: 'Out' }],
    fields: [
      { name: 'path', label: 'Directory', kind: 'string', required: true, secret: false },
      { name: 'format', label: 'Format', kind: 'enum', required: false, defaultValue: 'csv', allowedValues: ['csv', 'json-lines'], secret: false },
      { name: 'csvHeader', label: 'Header line', kind: 'boolean', required: false, defaultValue: true, secret: false },
      { name: 'discoveryInterval', label: 'Discovery interval', kind: 'duration', required: false, defaultValue: '10s', secret: false },
      { name: 'fields', label: 'Fields', kind: 'string-list', required: false, secret: false },
    ],
  },
  {
    type: 'filter',
    version: 1,
    role: 'transform',
    title: 'Filter',
    description: 'Keeps matching records.',
    inputs: [{ name: 'in', label: 'In' }],
    outputs: [{ name: 'out', label: 'Out' }],
    fields: [{ name: 'condition', label: 'Condition', kind: 'expression', required: true, secret: false }],
  },
  {
    type: 'postgres',
    version: 1,
    role: 'sink',
    title: 'PostgreSQL',
    description: 'Writes to a table.',
    inputs: [{ name: 'in', label: 'In' }],
    outputs: [],
    fields: [
      { name: 'jdbcUrl', label: 'JDBC URL', kind: 'string', required: true, secret: false },
      { name: 'password', label: 'Password', kind: 'string', required: false, secret: true },
      { name: 'batchSize', label: 'Batch size', kind: 'integer', required: false, min: 1, max: 10000, secret: false },
    ],
  },
];

export const DOCUMENT: PipelineDocument = {
  formatVersion: 1,
  nodes: [
    { id: 'src', type: 'file-directory', typeVersion: 1, name: 'Orders files', config: { path: '/data/orders' } },
    { id: 'big', type: 'filter', typeVersion: 1, name: 'Big orders', config: { condition: 'amount > 100' } },
    { id: 'sink', type: 'postgres', typeVersion: 1, name: 'Warehouse', config: { jdbcUrl: 'jdbc:postgresql://db/shop' } },
  ],
  edges: [
    { from: { node: 'src', port: 'out' }, to: { node: 'big', port: 'in' } },
    { from: { node: 'big', port: 'out' }, to: { node: 'sink', port: 'in' } },
  ],
  settings: { checkpointInterval: '30s', parallelism: 2, deliveryGuarantee: 'exactly-once' },
  layout: { src: { x: 10, y: 20 }, big: { x: 300, y: 20 }, sink: { x: 600, y: 20 } },
};

export function pipeline(document: PipelineDocument = DOCUMENT, version = 3): Pipeline<PipelineDocument> {
  return {
    id: '6f1c0000-0000-4000-8000-000000000001',
    name: 'orders',
    latestVersion: version,
    version: { number: version, document },
    validation: { valid: true, problems: [], fields: {} },
  };
}
