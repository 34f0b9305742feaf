import { call } from './client';
import type { Run } from './types';

/** One record a node rejected, as `GET /api/pipelines/<id>/dead-letters` lists it. */
export interface DeadLetter {
  id: number;
  run?: string;
  node?: string;
  /** `<file>:<line>` for a source, the upstream node for a filter or derive. */
  source?: string;
  at: string;
  reason: string;
  raw?: string;
  status: 'waiting' | 'replaying' | 'replayed';
  replayRun?: string;
  replayedAt?: string;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  /** `after` for the next (older) page; absent on the last. */
  next?: number;
}

export interface DeadLetterCounts {
  nodes: { node: string; total: number; waiting: number; replaying: number; replayed: number }[];
  total: number;
  waiting: number;
}

export interface ReplayStarted {
  run: Run;
  deadLetters: number[];
}

export interface DeadLetterQuery {
  node?: string;
  after?: number;
  limit?: number;
}

function base(pipelineId: string): string {
  return `/api/pipelines/${encodeURIComponent(pipelineId)}/dead-letters`;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const deadLetterApi = {
  page: (pipelineId: string, q: DeadLetterQuery = {}, signal?: AbortSignal) =>
    call<DeadLetterPage>('GET', base(pipelineId) + query({ node: q.node, after: q.after, limit: q.limit }), undefined, signal),
  counts: (pipelineId: string, signal?: AbortSignal) => call<DeadLetterCounts>('GET', `${base(pipelineId)}/counts`, undefined, signal),
  /** Where the browser downloads them: a plain link, streamed by the server. */
  downloadHref: (pipelineId: string, format: 'jsonl' | 'csv', node?: string) =>
    `${base(pipelineId)}/download${query({ format, node })}`,
  replay: (pipelineId: string, body: { ids: number[] } | { node: string }) =>
    call<ReplayStarted>('POST', `${base(pipelineId)}/replay`, body),
  run: (runId: string, signal?: AbortSignal) => call<Run>('GET', `/api/runs/${encodeURIComponent(runId)}`, undefined, signal),
};
