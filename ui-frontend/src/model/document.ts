/**
 * The pipeline document as the backend stores it (pipeline-model/README.md, format version 1).
 * Only model and layout live here: selection, hover and problem marks are UI state.
 *
 * Fields this UI does not edit (`settings`, `typeVersion`, …) are kept as they came, so that a
 * save never drops what a newer Sluice or another client wrote.
 */

export type ConfigValue = unknown;

export interface PortRef {
  node: string;
  port?: string;
}

export interface DocNode {
  id: string;
  type: string;
  typeVersion?: number;
  name?: string;
  config?: Record<string, ConfigValue>;
}

export interface DocEdge {
  from: PortRef;
  to: PortRef;
}

export interface Position {
  x: number;
  y: number;
}

export interface PipelineDocument {
  formatVersion: 1;
  nodes?: DocNode[];
  edges?: DocEdge[];
  settings?: Record<string, unknown>;
  layout?: Record<string, Position>;
  [other: string]: unknown;
}

export const DEFAULT_OUT_PORT = 'out';
export const DEFAULT_IN_PORT = 'in';

export function emptyDocument(): PipelineDocument {
  return { formatVersion: 1, nodes: [], edges: [] };
}

export function nodesOf(doc: PipelineDocument): DocNode[] {
  return doc.nodes ?? [];
}

export function edgesOf(doc: PipelineDocument): DocEdge[] {
  return doc.edges ?? [];
}

/** The port of a reference, with the format's default filled in. */
export function fromPort(ref: PortRef): string {
  return ref.port ?? DEFAULT_OUT_PORT;
}

export function toPort(ref: PortRef): string {
  return ref.port ?? DEFAULT_IN_PORT;
}

/** A stable id for an edge, as React Flow needs one: `from:port->to:port`. */
export function edgeId(edge: DocEdge): string {
  return `${edge.from.node}:${fromPort(edge.from)}->${edge.to.node}:${toPort(edge.to)}`;
}

/** The name shown for a node: its name, else its id (the format's default). */
export function displayName(node: DocNode): string {
  return node.name && node.name.trim() !== '' ? node.name : node.id;
}

/** Structural equality of two documents, ignoring key order. Used for the unsaved-changes mark. */
export function sameDocument(a: PipelineDocument, b: PipelineDocument): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}
