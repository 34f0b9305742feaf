import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { LiveMetrics, MetricsSeries } from '../api/types';
import { appendLive } from '../model/metrics';
import { asApiError } from '../store/notices';

/** The ranges of the dashboard's picker. `live` is the last minutes, with values appended as they come. */
export const RANGES = [
  { key: 'live', label: 'Live', seconds: 10 * 60, step: '5s' },
  { key: '1h', label: '1 h', seconds: 3600, step: undefined },
  { key: '6h', label: '6 h', seconds: 6 * 3600, step: undefined },
  { key: '24h', label: '24 h', seconds: 24 * 3600, step: undefined },
  { key: '7d', label: '7 d', seconds: 7 * 24 * 3600, step: undefined },
] as const;

export type RangeKey = (typeof RANGES)[number]['key'];

const REFRESH_MS = 30_000;

export interface RunSeriesResult {
  series: MetricsSeries | null;
  error: ApiError | null;
  /** Adds a live value (in live mode; otherwise nothing happens). */
  append: (live: LiveMetrics) => void;
}

interface Loaded {
  key: string;
  series: MetricsSeries | null;
  error: ApiError | null;
}

/**
 * A run's series over the chosen range. Live: the history of the last minutes once, then every
 * value passed to `append` added (and older ones dropped). Other ranges: read again every 30 s.
 */
export function useRunSeries(runId: string | undefined, range: RangeKey): RunSeriesResult {
  const spec = RANGES.find((r) => r.key === range) ?? RANGES[0];
  const key = `${runId ?? ''}/${spec.key}`;
  const [loaded, setLoaded] = useState<Loaded>({ key: '', series: null, error: null });

  useEffect(() => {
    if (!runId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      const to = new Date();
      const from = new Date(to.getTime() - spec.seconds * 1000);
      api.runMetrics(runId, { from: from.toISOString(), to: to.toISOString(), step: spec.step }, controller.signal).then(
        (series) => {
          if (controller.signal.aborted) return;
          setLoaded({ key, series, error: null });
          if (spec.key !== 'live') timer = setTimeout(load, REFRESH_MS);
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setLoaded({ key, series: null, error: asApiError(e) });
        },
      );
    };
    load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, runId, spec.key, spec.seconds, spec.step]);

  const append = useCallback(
    (live: LiveMetrics) => {
      if (spec.key !== 'live') return;
      setLoaded((l) => (l.key === key && l.series ? { ...l, series: appendLive(l.series, live, spec.seconds) } : l));
    },
    [key, spec.key, spec.seconds],
  );

  const current = loaded.key === key;
  return { series: current ? loaded.series : null, error: current ? loaded.error : null, append };
}
