// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderDesigner } from '../test/renderDesigner';
import { NodeSettings } from './NodeSettings';

afterEach(() => vi.unstubAllGlobals());

function stubCheck(status: number, body: unknown, calls: { url: string; body: unknown }[] = []) {
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return new Response(JSON.stringify(body), { status });
  });
  return calls;
}

describe('check connection', () => {
  it('sends the node config to the check and shows what it found, until the config changes', async () => {
    const user = userEvent.setup();
    const calls = stubCheck(200, { ok: false, message: 'Directory /data/orders does not exist.', details: {} });
    const { store } = renderDesigner(<NodeSettings />);
    act(() => store.getState().select({ nodes: ['src'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));

    await user.click(panel.getByRole('button', { name: 'Check connection' }));

    const status = panel.getByRole('status', { name: 'Connection check' });
    await waitFor(() => expect(status.textContent).toBe('Directory /data/orders does not exist.'));
    expect(calls).toEqual([
      {
        url: '/api/node-types/file-directory/check',
        // The saved pipeline and node, so that a stored secret shown as { set: true } is used.
        body: { typeVersion: 1, config: { path: '/data/orders' }, secretsOf: '6f1c0000-0000-4000-8000-000000000001', nodeId: 'src' },
      },
    ]);

    await user.type(panel.getByLabelText('Directory'), '-2026');
    expect(status.textContent).toBe('');
  });

  it('shows the problems of a config the server cannot check', async () => {
    const user = userEvent.setup();
    stubCheck(422, {
      type: 'urn:sluice:problem:invalid-node-config',
      title: 'Unprocessable',
      status: 422,
      detail: 'The config has 2 problems; see errors.',
      errors: [
        { field: 'config.path', code: 'missing-config', message: 'Directory is required.' },
        { field: 'config.fields', code: 'missing-config', message: 'Fields is required.' },
      ],
    });
    const { store } = renderDesigner(<NodeSettings />);
    act(() => store.getState().select({ nodes: ['src'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));

    await user.click(panel.getByRole('button', { name: 'Check connection' }));

    await waitFor(() =>
      expect(panel.getByRole('status', { name: 'Connection check' }).textContent).toBe(
        'The config has 2 problems; see errors. Directory is required. Fields is required.',
      ),
    );
  });

  it('is offered only for node types that can be checked', () => {
    const { store } = renderDesigner(<NodeSettings />);
    act(() => store.getState().select({ nodes: ['big'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));
    expect(panel.queryByRole('button', { name: 'Check connection' })).toBeNull();
  });
});
