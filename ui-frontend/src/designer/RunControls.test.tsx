// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../api/types';
import { Notices } from '../components/Notices';
import { renderDesigner } from '../test/renderDesigner';
import { RunControls } from './RunControls';

afterEach(() => vi.unstubAllGlobals());

function stubRuns(runs: Run[], start?: { status: number; body: unknown }) {
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    if (init?.method === 'POST' && start) return new Response(JSON.stringify(start.body), { status: start.status });
    if (input.endsWith('/runs')) return new Response(JSON.stringify(runs), { status: 200 });
    return new Response(null, { status: 404 });
  });
}

const RUN: Run = { id: 'r1', pipelineId: 'p', version: 3, state: 'failed', failure: 'Directory /proc/x is not writable' };

describe('run controls', () => {
  it('shows the state of the newest run, and the cause of a failure', async () => {
    stubRuns([RUN]);
    renderDesigner(<RunControls dirty={false} />);
    const status = screen.getByRole('status', { name: 'Run state' });
    expect(status.textContent).toBe('not running');
    await waitFor(() => expect(status.textContent).toBe('failed'));
    expect(screen.getByText('Directory /proc/x is not writable')).toBeTruthy();
  });

  it('shows why a start was refused', async () => {
    const user = userEvent.setup();
    stubRuns([], {
      status: 422,
      body: {
        type: 'urn:sluice:problem:pipeline-not-runnable',
        title: 'Unprocessable',
        status: 422,
        detail: 'The pipeline cannot run: 1 problem; see errors.',
        errors: [{ nodeId: 'out', code: 'missing-config', message: 'Directory is required.' }],
      },
    });
    renderDesigner(
      <>
        <RunControls dirty={false} />
        <Notices />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Run' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The pipeline cannot run');
    expect(alert.textContent).toContain('Directory is required.');
  });
});
