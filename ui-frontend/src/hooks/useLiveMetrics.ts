import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { LiveMetrics, Run } from '../api/types';

export interface LiveMetricsResult {
  /** The newest metrics of the pipeline's latest run; null until the first arrive. */
  live: LiveMetrics | null;
  /** The newest run event, when one came since the page opened. */
  run: Run | null;
}

/**
 * The pipeline's live metrics: the newest values at once (`GET …/metrics/live`), then every
 * `metrics` and `run` event of `GET /api/events?pipeline=<id>`. The browser's EventSource
 * reconnects by itself after a dropped connection. `onMetrics` hears every `metrics` event.
 */
export function useLiveMetrics(pipelineId: string, onMetrics?: (live: LiveMetrics) => void): LiveMetricsResult {
  const [live, setLive] = useState<LiveMetrics | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const listener = useRef(onMetrics);
  useEffect(() => {
    listener.current = onMetrics;
  }, [onMetrics]);

  useEffect(() => {
    const controller = new AbortController();
    api.liveMetrics(pipelineId, controller.signal).then(
      (first) => setLive((current) => current ?? first),
      () => {
        // The stream delivers the next values; a failure to read the first ones is not worth a notice.
      },
    );
    if (typeof EventSource === 'undefined') return () => controller.abort();
    const events = new EventSource(`/api/events?pipeline=${encodeURIComponent(pipelineId)}`);
    events.addEventListener('metrics', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as LiveMetrics;
      setLive(next);
      listener.current?.(next);
    });
    events.addEventListener('run', (e) => {
      const changed = JSON.parse((e as MessageEvent<string>).data) as Run;
      setRun(changed);
      // A new run replaces the metrics of the previous one.
      setLive((current) => (current && current.runId !== changed.id ? { pipelineId, runId: changed.id, state: changed.state } : current && { ...current, state: changed.state }));
    });
    return () => {
      controller.abort();
      events.close();
    };
  }, [pipelineId]);

  return { live, run };
}
