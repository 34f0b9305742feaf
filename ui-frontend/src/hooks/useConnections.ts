import { useEffect, useState } from 'react';
import { connectionsApi } from '../api/connections';
import type { Connection } from '../api/types';

/** The stored connections, loaded once per component; empty while loading or when unreachable. */
export function useConnections(): Connection[] {
  const [connections, setConnections] = useState<Connection[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    connectionsApi
      .list(controller.signal)
      .then((list) => setConnections(Array.isArray(list) ? list : []))
      .catch(() => setConnections([]));
    return () => controller.abort();
  }, []);
  return connections;
}
