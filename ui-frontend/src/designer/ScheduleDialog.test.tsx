// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pipeline } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { ScheduleDialog } from './ScheduleDialog';

afterEach(() => vi.unstubAllGlobals());

const problem = (status: number, body: object) =>
  new Response(JSON.stringify({ status, ...body }), { status, headers: { 'content-type': 'application/problem+json' } });

describe('schedule dialog', () => {
  it('creates a cron schedule, shows its next fire times, and shows a refusal as the server put it', async () => {
    const user = userEvent.setup();
    const calls: { method: string; url: string; body?: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
      calls.push({ method, url, body });
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
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      url: `/api/pipelines/${pipeline().id}/schedule`,
      body: { kind: 'cron', cron: '0 2 * * *', timeZone: 'Europe/Berlin', runFor: '1h' },
    });
  }, 20_000); // many steps of typing; on a loaded 2-core machine more than the default 5 s
});
