import type { Schedule, ScheduleKind, ScheduleRequest } from '../api/types';

/** What the schedule form holds: every field as typed, for every kind. */
export interface ScheduleForm {
  kind: ScheduleKind;
  cron: string;
  timeZone: string;
  runFor: string;
  stopWhenIdle: string;
  maxFailures: string;
  failureWindow: string;
  initialBackoff: string;
  maxBackoff: string;
}

/** The server's defaults of a continuous schedule, shown as placeholders. */
export const CONTINUOUS_DEFAULTS = {
  maxFailures: '5',
  failureWindow: '10m',
  initialBackoff: '1s',
  maxBackoff: '5m',
} as const;

/** The browser's time zone, or UTC when it cannot tell. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The form for a schedule, or an empty cron form when there is none. */
export function formFromSchedule(schedule: Schedule | null, defaultZone: string = browserTimeZone()): ScheduleForm {
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    kind: schedule?.kind ?? 'cron',
    cron: text(schedule?.cron),
    timeZone: schedule?.timeZone ?? defaultZone,
    runFor: text(schedule?.runFor),
    stopWhenIdle: text(schedule?.stopWhenIdle),
    maxFailures: text(schedule?.maxFailures),
    failureWindow: text(schedule?.failureWindow),
    initialBackoff: text(schedule?.initialBackoff),
    maxBackoff: text(schedule?.maxBackoff),
  };
}

/**
 * The request body for the form: only the fields of its kind, trimmed; optional fields left empty
 * are left out so the server applies its defaults. Nothing is checked here: the server's problems
 * are shown as it sends them. A whole number of failures is sent as a number, anything else as
 * typed, so the server can say what is wrong with it.
 */
export function scheduleBody(form: ScheduleForm): ScheduleRequest {
  const body: ScheduleRequest = { kind: form.kind };
  const put = (name: string, value: string) => {
    const v = value.trim();
    if (v !== '') body[name] = v;
  };
  if (form.kind === 'cron') {
    body.cron = form.cron.trim();
    put('timeZone', form.timeZone);
    body.runFor = form.runFor.trim();
    put('stopWhenIdle', form.stopWhenIdle);
  } else if (form.kind === 'continuous') {
    const failures = form.maxFailures.trim();
    if (failures !== '') body.maxFailures = /^\d+$/.test(failures) ? Number(failures) : failures;
    put('failureWindow', form.failureWindow);
    put('initialBackoff', form.initialBackoff);
    put('maxBackoff', form.maxBackoff);
  }
  return body;
}

/** A fire time in human terms in `timeZone`: "Wed 2 Dec 2026, 10:00 (Europe/Berlin)". */
export function formatFireTime(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} (${timeZone})`;
}

/** The zone a schedule's fire times are in: its own, else UTC as on the server. */
export function scheduleZone(schedule: Schedule): string {
  return schedule.timeZone ?? 'UTC';
}

/** A count of records for a person: "12,345", or "—" when the run's metrics do not tell. */
export function formatRecords(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-GB');
}

/** A run's start or end for a person, in the browser's zone: "2 Dec 2026, 02:00:05". */
export function formatRunTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** A schedule in one line for the list of pipelines: "cron, active; next Wed 2 Dec 2026, 02:00 (UTC)". */
export function scheduleLine(schedule: Schedule): string {
  const next = schedule.nextFireTimes?.[0];
  const head = `${schedule.kind}, ${statusText(schedule)}`;
  if (schedule.paused || schedule.status !== 'active') return head;
  if (next) return `${head}; next ${formatFireTime(next, scheduleZone(schedule))}`;
  return schedule.kind === 'continuous' ? `${head}; always running` : head;
}

/** The status in words: paused wins over the reconciler's status. */
export function statusText(schedule: Schedule): string {
  if (schedule.paused) return 'paused';
  return schedule.status === 'needs-attention' ? 'needs attention' : schedule.status;
}
