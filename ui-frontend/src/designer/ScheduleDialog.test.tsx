// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pipeline } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { ScheduleDialog } from './ScheduleDialog';

afterEach(() => vi.unstubAllGlobals());

const problem = (status: number, body: object) =>
  new Response(JSON.stringify({ status, ...body }), { status, headers: { 'content-type': 'application/problem+json' } });

// Typing key by key in jsdom is slow on a busy machine; these tests type a lot.
const TYPING_TIMEOUT_MS = 30_000;

describe('schedule dialog', () => {
  it('creates a cron schedule, shows its next fire times, and shows a refusal as the server put it', async () => {
    const user = userEvent.setup();
    const calls: { method: string; url: string; body?: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
      calls.push({ method, url, body });
      if (method === 'GET' && url.includes('/schedule/next?')) return problem(400, { title: 'Bad Request', detail: 'preview' });
      if (method === 'GET' && url.endsWith('/schedule/runs')) return new Response('[]', { status: 200 });
      if (method === 'GET') return problem(404, { type: 'urn:sluice:problem:not-found', title: 'Not Found', detail: 'No schedule' });
      if (body?.cron === '61 * * * *') {
        return problem(400, {
          type: 'urn:sluice:problem:invalid-request-body',
          title: 'Bad Request',
          detail: 'The schedule has 1 problem',
          errors: [{ field: 'cron', code: 'invalid-cron', message: "Minute 61 is out of range 0-59." }],
        });
      }
      return new Response(
        JSON.stringify({
          id: 's',
          pipelineId: 'p',
          kind: 'cron',
          cron: '0 2 * * *',
          timeZone: 'Europe/Berlin',
          runFor: '1h',
          paused: false,
          status: 'active',
          description: 'at 02:00, for 1h (Europe/Berlin)',
          nextFireTimes: ['2026-12-02T01:00:00Z', '2026-12-03T01:00:00Z', '2026-12-04T01:00:00Z'],
        }),
        { status: 201 },
      );
    });
    renderDesigner(<ScheduleDialog onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Schedule' });
    await within(dialog).findByText(/No schedule/);
    expect(within(dialog).queryByRole('button', { name: 'Pause' })).toBeNull();

    expect(within(dialog).getByLabelText('Kind', { exact: true })).toHaveProperty('value', 'cron');
    const cron = within(dialog).getByRole('textbox', { name: 'Cron expression' });
    const zone = within(dialog).getByRole('textbox', { name: 'Time zone' });
    await user.type(cron, '61 * * * *');
    await user.clear(zone);
    await user.type(zone, 'Europe/Berlin');
    await user.type(within(dialog).getByRole('textbox', { name: 'Run for' }), '1h');
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Minute 61 is out of range 0-59.');

    await user.clear(cron);
    await user.type(cron, '0 2 * * *');
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }));
    const times = await within(dialog).findByRole('list', { name: 'Next fire times' });
    expect(within(times).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Wed 2 Dec 2026, 02:00 (Europe/Berlin)',
      'Thu 3 Dec 2026, 02:00 (Europe/Berlin)',
      'Fri 4 Dec 2026, 02:00 (Europe/Berlin)',
    ]);
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(within(dialog).getByRole('status', { name: 'Schedule status' }).textContent).toBe('active');
    expect(within(dialog).getByText('at 02:00, for 1h (Europe/Berlin)')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(calls.filter((c) => c.method !== 'GET').at(-1)).toEqual({
      method: 'POST',
      url: `/api/pipelines/${pipeline().id}/schedule`,
      body: { kind: 'cron', cron: '0 2 * * *', timeZone: 'Europe/Berlin', runFor: '1h' },
    });
  }, TYPING_TIMEOUT_MS);

  it('previews the next runs of the cron and zone being typed, and shows a bad cron at the field', async () => {
    const user = userEvent.setup();
    const previews: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.includes('/schedule/next?')) {
        previews.push(url);
        const query = new URL(url, 'http://x').searchParams;
        if (query.get('cron') === '0 2 * *') {
          return problem(400, {
            type: 'urn:sluice:problem:invalid-parameter',
            title: 'Bad Request',
            detail: 'bad cron',
            errors: [{ field: 'cron', code: 'invalid-cron', message: "'cron' must have five fields: Cron expression contains 4 parts" }],
          });
        }
        return new Response(
          JSON.stringify({
            kind: 'cron',
            description: 'at 02:00 (Europe/Berlin)',
            timeZone: 'Europe/Berlin',
            fireTimes: [
              { at: '2026-12-02T01:00:00Z', local: '2026-12-02T02:00+01:00' },
              { at: '2026-12-03T01:00:00Z', local: '2026-12-03T02:00+01:00' },
            ],
          }),
          { status: 200 },
        );
      }
      return problem(404, { type: 'urn:sluice:problem:not-found', title: 'Not Found', detail: 'No schedule' });
    });
    renderDesigner(<ScheduleDialog onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Schedule' });
    await within(dialog).findByText(/No schedule/);
    const zone = within(dialog).getByRole('textbox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, 'Europe/Berlin');
    const cron = within(dialog).getByRole('textbox', { name: 'Cron expression' });
    await user.type(cron, '0 2 * *');
    await waitFor(() => expect(cron.getAttribute('aria-invalid')).toBe('true'));
    expect(cron.getAttribute('aria-describedby')).toBeTruthy();
    const described = document.getElementById(cron.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toContain('Cron expression contains 4 parts');

    await user.type(cron, ' *');
    const list = await within(dialog).findByRole('list', { name: 'Next runs preview' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Wed 2 Dec 2026, 02:00 (Europe/Berlin)',
      'Thu 3 Dec 2026, 02:00 (Europe/Berlin)',
    ]);
    expect(cron.getAttribute('aria-invalid')).toBeNull();
    expect(within(dialog).getByText('at 02:00 (Europe/Berlin)')).toBeTruthy();
    // Debounced: not one request per keystroke.
    expect(previews.length).toBeLessThan('0 2 * * *'.length);
    expect(new URL(previews.at(-1) ?? '', 'http://x').searchParams.get('timeZone')).toBe('Europe/Berlin');
  }, TYPING_TIMEOUT_MS);

  it('shows the runs the schedule started: start, end, outcome, records and failure', async () => {
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.endsWith('/schedule/runs')) {
        return new Response(
          JSON.stringify([
            {
              id: 'r2',
              pipelineId: 'p',
              version: 1,
              state: 'lost',
              createdAt: '2026-12-02T01:00:00Z',
              endedAt: '2026-12-02T01:20:00Z',
              failure: "Backend 'backend-a' that ran this run stopped renewing its liveness",
              recordsIn: 12345,
              recordsOut: 12000,
            },
            { id: 'r1', pipelineId: 'p', version: 1, state: 'stopped', createdAt: '2026-12-01T01:00:00Z', endedAt: '2026-12-01T02:00:00Z' },
          ]),
          { status: 200 },
        );
      }
      if (url.includes('/schedule/next')) return new Response(JSON.stringify({ kind: 'continuous', timeZone: 'UTC', fireTimes: [] }), { status: 200 });
      return new Response(JSON.stringify({ id: 's', pipelineId: 'p', kind: 'continuous', paused: false, status: 'active' }), { status: 200 });
    });
    renderDesigner(<ScheduleDialog onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Schedule' });
    const table = await within(dialog).findByRole('table', { name: 'Runs of the schedule' });
    const [newest, oldest, ...rest] = within(table).getAllByRole('row').slice(1);
    expect(rest).toHaveLength(0);
    const cells = within(newest as HTMLElement).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[2]).toContain('lost');
    expect(cells[2]).toContain("Backend 'backend-a'");
    expect(cells[3]).toBe('12,345');
    expect(cells[4]).toBe('12,000');
    expect(within(oldest as HTMLElement).getAllByRole('cell').map((c) => c.textContent)[3]).toBe('—');
  });
});
