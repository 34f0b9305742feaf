import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Run } from '../api/types';

export interface RunsResult {
  latest: Run | null;
  /** Asks again now (after a start or stop). */
  refresh: () => void;
}

/** The pipeline's newest run, polled every `intervalMs` while the page shows it. */
export function useRuns(pipelineId: string, intervalMs = 1500): RunsResult {
  const [latest, setLatest] = useState<Run | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.runs(pipelineId, controller.signal).then(
        (runs) => {
          if (controller.signal.aborted) return;
          setLatest(runs[0] ?? null);
          timer = setTimeout(poll, intervalMs);
        },
        () => {
          // A failed poll is retried; a persistent failure shows in the calls that the user makes.
          if (!controller.signal.aborted) timer = setTimeout(poll, intervalMs * 2);
        },
      );
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [pipelineId, intervalMs, tick]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { latest, refresh };
}
