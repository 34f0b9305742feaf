import { useEffect, useState } from 'react';

export interface Health {
  status: 'up' | 'down' | 'unreachable';
  detail: string;
}

/** Whether Sluice and its catalog answer (`GET /api/health`), asked every `intervalMs`. */
export function useHealth(intervalMs = 30000): Health | null {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const ask = () =>
      fetch('/api/health', { signal: controller.signal })
        .then(async (r) => {
          const body = (await r.json()) as { status?: string; catalog?: { mode?: string; serverVersion?: string; error?: string } };
          const c = body.catalog ?? {};
          setHealth({
            status: body.status === 'up' ? 'up' : 'down',
            detail: [c.mode && `${c.mode} catalog`, c.serverVersion && `PostgreSQL ${c.serverVersion}`, c.error].filter(Boolean).join(', '),
          });
        })
        .catch(() => {
          if (!controller.signal.aborted) setHealth({ status: 'unreachable', detail: 'Sluice does not answer' });
        });
    void ask();
    const timer = setInterval(ask, intervalMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [intervalMs]);
  return health;
}
