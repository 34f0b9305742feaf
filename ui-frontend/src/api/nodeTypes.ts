import { api } from './client';
import type { NodeTypeDescriptor } from './types';

let cache: Promise<NodeTypeDescriptor[]> | null = null;

/** The node types of this Sluice (`GET /api/node-types`), asked once per page load. */
export function loadNodeTypes(): Promise<NodeTypeDescriptor[]> {
  if (!cache) {
    cache = api.nodeTypes();
    cache.catch(() => {
      cache = null; // let a later attempt try again
    });
  }
  return cache;
}
