import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Overview } from '../api/types';
import { runLag } from '../model/metrics';
import { asApiError } from '../store/notices';

const KEPT_LAG_VALUES = 12;

export interface OverviewResult {
  overview: Overview | null;
  error: ApiError | null;
  /** Each pipeline's lag as seen by the last polls, oldest first, to tell a growing lag. */
  lagHistory: Record<string, number[]>;
}

/** `GET /api/overview`, asked again every `intervalMs`. */
export function useOverview(intervalMs = 5000): OverviewResult {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [lagHistory, setLagHistory] = useState<Record<string, number[]>>({});
  const seenAt = useRef<Record<string, string>>({});

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.overview(controller.signal).then(
        (o) => {
          if (controller.signal.aborted) return;
          setOverview(o);
          setError(null);
          setLagHistory((previous) => {
            const next: Record<string, number[]> = {};
            for (const p of o.pipelines) {
              const lag = runLag(p.metrics);
              const kept = previous[p.id] ?? [];
              // Only a new sample adds to the history; polling faster than sampling repeats values.
              if (lag && p.metrics && seenAt.current[p.id] !== p.metrics.at) {
                seenAt.current[p.id] = p.metrics.at;
                next[p.id] = [...kept, lag.value].slice(-KEPT_LAG_VALUES);
              } else {
                next[p.id] = kept;
              }
            }
            return next;
          });
          timer = setTimeout(poll, intervalMs);
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setError(asApiError(e));
          timer = setTimeout(poll, intervalMs * 2);
        },
      );
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [intervalMs]);

  return { overview, error, lagHistory };
}
