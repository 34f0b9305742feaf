import type {
  LiveMetrics,
  MetricsSeries,
  ConnectionCheckResult,
  NodeTypeDescriptor,
  Overview,
  Pipeline,
  PipelineSummary,
  PreviewRequest,
  PreviewResult,
  ProblemDocument,
  Run,
  FireTimes,
  Schedule,
  ScheduleRequest,
  ScheduledRun,
  ValidationResult,
  Version,
  VersionInfo,
} from './types';
import type { PipelineDocument } from '../model/document';
import { csrfToken, sessionEnded } from '../auth/session';

/**
 * A failed call: the server's RFC 9457 problem document, or one made up for a network failure or
 * a body that is not a problem document. Never swallowed: callers show it to the user.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDocument;

  constructor(status: number, problem: ProblemDocument) {
    super(problem.detail ?? problem.title ?? `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** The problem's type without the `urn:sluice:problem:` prefix, e.g. `stale-version`. */
  get kind(): string {
    return (this.problem.type ?? 'about:blank').replace('urn:sluice:problem:', '');
  }
}

export async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    const headers: Record<string, string> =
      body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' };
    // Writes with the session cookie must echo the session's CSRF token (see docs/security.md).
    const csrf = csrfToken();
    if (method !== 'GET' && method !== 'HEAD' && csrf) headers['x-csrf-token'] = csrf;
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, {
      title: 'Sluice cannot be reached',
      detail: `${method} ${path} failed: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.status === 401 && !path.startsWith('/api/auth/')) sessionEnded();
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object'
        ? (parsed as ProblemDocument)
        : { title: response.statusText || 'Error', status: response.status, detail: text.slice(0, 500) || undefined };
    throw new ApiError(response.status, { status: response.status, ...problem });
  }
  return parsed as T;
}

export const api = {
  nodeTypes: (signal?: AbortSignal) => call<NodeTypeDescriptor[]>('GET', '/api/node-types', undefined, signal),
  /** `secretsOf`: the saved pipeline and node whose stored secrets stand in for `{ set: true }`. */
  checkConnection: (
    type: string,
    typeVersion: number,
    config: Record<string, unknown>,
    signal?: AbortSignal,
    secretsOf?: { pipelineId: string; nodeId: string },
  ) =>
    call<ConnectionCheckResult>(
      'POST',
      `/api/node-types/${encodeURIComponent(type)}/check`,
      secretsOf ? { typeVersion, config, secretsOf: secretsOf.pipelineId, nodeId: secretsOf.nodeId } : { typeVersion, config },
      signal,
    ),
  preview: (body: PreviewRequest, signal?: AbortSignal) => call<PreviewResult>('POST', '/api/preview', body, signal),
  validate: (document: PipelineDocument, signal?: AbortSignal) =>
    call<ValidationResult>('POST', '/api/validate', document, signal),
  pipelines: (search?: string, signal?: AbortSignal) =>
    call<PipelineSummary[]>(
      'GET',
      search ? `/api/pipelines?search=${encodeURIComponent(search)}` : '/api/pipelines',
      undefined,
      signal,
    ),
  createPipeline: (body: { name: string; description?: string }) =>
    call<Pipeline<PipelineDocument>>('POST', '/api/pipelines', body),
  pipeline: (id: string, signal?: AbortSignal) =>
    call<Pipeline<PipelineDocument>>('GET', `/api/pipelines/${encodeURIComponent(id)}`, undefined, signal),
  saveVersion: (id: string, body: { baseVersion: number; document: PipelineDocument; message?: string }) =>
    call<Pipeline<PipelineDocument>>('PUT', `/api/pipelines/${encodeURIComponent(id)}`, body),
  updateDetails: (id: string, body: { name?: string; description?: string }) =>
    call<PipelineSummary>('PATCH', `/api/pipelines/${encodeURIComponent(id)}`, body),
  deletePipeline: (id: string) => call<void>('DELETE', `/api/pipelines/${encodeURIComponent(id)}`),
  versions: (id: string, signal?: AbortSignal) =>
    call<VersionInfo[]>('GET', `/api/pipelines/${encodeURIComponent(id)}/versions`, undefined, signal),
  version: (id: string, n: number) =>
    call<Version<PipelineDocument>>('GET', `/api/pipelines/${encodeURIComponent(id)}/versions/${n}`),
  startRun: (id: string) => call<Run>('POST', `/api/pipelines/${encodeURIComponent(id)}/runs`, {}),
  runs: (id: string, signal?: AbortSignal) =>
    call<Run[]>('GET', `/api/pipelines/${encodeURIComponent(id)}/runs`, undefined, signal),
  stopRun: (runId: string) => call<Run>('POST', `/api/runs/${encodeURIComponent(runId)}/stop`),
  schedule: (id: string, signal?: AbortSignal) =>
    call<Schedule>('GET', `/api/pipelines/${encodeURIComponent(id)}/schedule`, undefined, signal),
  createSchedule: (id: string, body: ScheduleRequest) =>
    call<Schedule>('POST', `/api/pipelines/${encodeURIComponent(id)}/schedule`, body),
  updateSchedule: (id: string, body: ScheduleRequest) =>
    call<Schedule>('PUT', `/api/pipelines/${encodeURIComponent(id)}/schedule`, body),
  deleteSchedule: (id: string) => call<void>('DELETE', `/api/pipelines/${encodeURIComponent(id)}/schedule`),
  pauseSchedule: (id: string) => call<Schedule>('POST', `/api/pipelines/${encodeURIComponent(id)}/schedule/pause`),
  resumeSchedule: (id: string) => call<Schedule>('POST', `/api/pipelines/${encodeURIComponent(id)}/schedule/resume`),
  overview: (signal?: AbortSignal) => call<Overview>('GET', '/api/overview', undefined, signal),
  liveMetrics: (id: string, signal?: AbortSignal) =>
    call<LiveMetrics>('GET', `/api/pipelines/${encodeURIComponent(id)}/metrics/live`, undefined, signal),
  runMetrics: (runId: string, range: { from: string; to: string; step?: string }, signal?: AbortSignal) =>
    call<MetricsSeries>(
      'GET',
      `/api/runs/${encodeURIComponent(runId)}/metrics?${new URLSearchParams({ from: range.from, to: range.to, ...(range.step ? { step: range.step } : {}) }).toString()}`,
      undefined,
      signal,
    ),
  /** Every schedule of a pipeline that is not deleted. */
  schedules: (signal?: AbortSignal) => call<Schedule[]>('GET', '/api/schedules', undefined, signal),
  /** The next fire times of a cron expression being edited, in `timeZone` (blank: UTC). */
  previewFireTimes: (id: string, cron: string, timeZone: string, count: number, signal?: AbortSignal) => {
    const query = new URLSearchParams({ cron, count: String(count) });
    if (timeZone) query.set('timeZone', timeZone);
    return call<FireTimes>('GET', `/api/pipelines/${encodeURIComponent(id)}/schedule/next?${query.toString()}`, undefined, signal);
  },
  /** The runs the schedule started, newest first. */
  scheduleRuns: (id: string, signal?: AbortSignal) =>
    call<ScheduledRun[]>('GET', `/api/pipelines/${encodeURIComponent(id)}/schedule/runs`, undefined, signal),
};
