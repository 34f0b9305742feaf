import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { NodeTypeDescriptor } from '../api/types';

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

export function useNodeTypes(): NodeTypeDescriptor[] | null {
  const [types, setTypes] = useState<NodeTypeDescriptor[] | null>(null);
  useEffect(() => {
    let live = true;
    loadNodeTypes().then((t) => live && setTypes(t), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return types;
}
