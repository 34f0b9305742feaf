import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { FireTimes } from '../api/types';

export interface FireTimePreview {
  /** The fire times of the expression as typed, or null while none are known. */
  preview: FireTimes | null;
  /** The server's word on the expression or zone as typed: the message, and the field it names. */
  problem: { field: string; message: string } | null;
}

/**
 * The next fire times of a cron expression and zone as they are typed, asked of the server a
 * moment after the last keystroke (`GET /schedule/next?cron=…`), so the words and the times come
 * from the same cron library that will run the schedule.
 */
export function useFireTimePreview(pipelineId: string, cron: string, timeZone: string, enabled: boolean, delayMs = 400): FireTimePreview {
  const [state, setState] = useState<FireTimePreview>({ preview: null, problem: null });
  const expression = enabled ? cron.trim() : '';
  const zone = timeZone.trim();

  useEffect(() => {
    if (expression === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.previewFireTimes(pipelineId, expression, zone, 5, controller.signal).then(
        (preview) => setState({ preview, problem: null }),
        (e: unknown) => {
          if (controller.signal.aborted) return;
          const error = e instanceof ApiError ? e : null;
          const first = error?.problem.errors?.[0];
          setState({
            preview: null,
            problem: {
              field: first?.field ?? 'cron',
              message: first?.message ?? error?.message ?? String(e),
            },
          });
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [pipelineId, expression, zone, delayMs]);

  // While the next answer is on its way the last one stays; with nothing to preview, nothing shows.
  return expression === '' ? { preview: null, problem: null } : state;
}
