import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { PipelineSummary } from '../api/types';
import { asApiError } from '../store/notices';

export interface PipelinesResult {
  pipelines: PipelineSummary[] | null;
  error: ApiError | null;
  reload: () => void;
}

/** The pipelines whose name matches `search`, asked for a moment after the last keystroke. */
export function usePipelines(search: string, delayMs = 200): PipelinesResult {
  const [pipelines, setPipelines] = useState<PipelineSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        api.pipelines(search.trim() || undefined, controller.signal).then(
          (list) => {
            setPipelines(list);
            setError(null);
          },
          (e: unknown) => {
            if (!controller.signal.aborted) setError(asApiError(e));
          },
        );
      },
      generation === 0 && search === '' ? 0 : delayMs,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, generation, delayMs]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { pipelines, error, reload };
}
