import { describe, expect, it } from 'vitest';
import type { Schedule } from '../api/types';
import { formFromSchedule, formatFireTime, scheduleBody, statusText } from './schedule';

const EMPTY = formFromSchedule(null, 'Europe/Berlin');

describe('schedule form', () => {
  it('starts as a cron schedule in the given zone', () => {
    expect(EMPTY).toMatchObject({ kind: 'cron', cron: '', timeZone: 'Europe/Berlin', runFor: '' });
  });

  it('builds a cron body with only the cron fields, trimmed', () => {
    const body = scheduleBody({ ...EMPTY, cron: ' 0 2 * * * ', runFor: '1h ', maxFailures: '3' });
    expect(body).toEqual({ kind: 'cron', cron: '0 2 * * *', timeZone: 'Europe/Berlin', runFor: '1h' });
  });

  it('leaves empty optional continuous fields to the server defaults', () => {
    expect(scheduleBody({ ...EMPTY, kind: 'continuous', cron: '0 2 * * *' })).toEqual({ kind: 'continuous' });
    expect(scheduleBody({ ...EMPTY, kind: 'continuous', maxFailures: '7', maxBackoff: '2m' })).toEqual({
      kind: 'continuous',
      maxFailures: 7,
      maxBackoff: '2m',
    });
  });

  it('sends a failure count that is not a whole number as typed, for the server to refuse', () => {
    expect(scheduleBody({ ...EMPTY, kind: 'continuous', maxFailures: 'many' }).maxFailures).toBe('many');
  });

  it('sends only the kind for a backfill', () => {
    expect(scheduleBody({ ...EMPTY, kind: 'backfill', cron: 'x', runFor: '1h' })).toEqual({ kind: 'backfill' });
  });

  it('reads a schedule back into the form', () => {
    const schedule = { kind: 'continuous', maxFailures: 4, failureWindow: '1h', paused: false, status: 'active' } as Schedule;
    expect(formFromSchedule(schedule, 'UTC')).toMatchObject({ kind: 'continuous', maxFailures: '4', failureWindow: '1h', maxBackoff: '' });
  });
});

describe('fire times', () => {
  it('are shown in the schedule zone', () => {
    expect(formatFireTime('2026-12-02T09:00:00Z', 'Europe/Berlin')).toBe('Wed 2 Dec 2026, 10:00 (Europe/Berlin)');
    expect(formatFireTime('2026-07-01T01:00:00Z', 'Europe/Berlin')).toBe('Wed 1 Jul 2026, 03:00 (Europe/Berlin)');
    expect(formatFireTime('2026-12-02T00:05:00Z', 'UTC')).toBe('Wed 2 Dec 2026, 00:05 (UTC)');
  });

  it('status says paused before anything else', () => {
    expect(statusText({ paused: true, status: 'active' } as Schedule)).toBe('paused');
    expect(statusText({ paused: false, status: 'needs-attention' } as Schedule)).toBe('needs attention');
  });
});
