// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigFieldControl } from '../designer/ConfigFieldControl';
import { ConnectionsPage } from './ConnectionsPage';

afterEach(() => vi.unstubAllGlobals());

const KINDS = [
  {
    name: 'postgres',
    title: 'PostgreSQL',
    fields: [
      { name: 'jdbcUrl', label: 'JDBC URL', kind: 'string', required: true, secret: false },
      { name: 'user', label: 'User', kind: 'string', required: false, secret: false },
      { name: 'password', label: 'Password', kind: 'string', required: false, secret: true },
    ],
  },
];
const WAREHOUSE = {
  name: 'warehouse',
  kind: 'postgres',
  description: 'the shop',
  config: { jdbcUrl: 'jdbc:postgresql://db/shop', user: 'loader', password: { set: true } },
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};

function stubApi(calls: { method: string; url: string; body: unknown }[]) {
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (url === '/api/connection-kinds') return new Response(JSON.stringify(KINDS), { status: 200 });
    if (url === '/api/connections' && method === 'GET')
      return new Response(JSON.stringify([WAREHOUSE, { ...WAREHOUSE, name: 'brokers', kind: 'kafka', config: {} }]), { status: 200 });
    if (url.endsWith('/test')) return new Response(JSON.stringify({ ok: true, message: 'Connected; table pg_class exists.', details: {} }), { status: 200 });
    return new Response(JSON.stringify(WAREHOUSE), { status: 200 });
  });
}

describe('connections page', () => {
  it('edits a connection without ever showing its password, and keeps it unless a new one is typed', async () => {
    const user = userEvent.setup();
    const calls: { method: string; url: string; body: unknown }[] = [];
    stubApi(calls);
    render(<ConnectionsPage />);

    await user.click(await screen.findByRole('button', { name: 'Edit warehouse' }));
    const form = within(screen.getByRole('form', { name: 'Edit warehouse' }));
    const password = form.getByLabelText('Password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('Stored; type to replace');
    expect((form.getByLabelText('JDBC URL') as HTMLInputElement).value).toBe('jdbc:postgresql://db/shop');

    await user.click(form.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe('/api/connections/warehouse');
    expect(put?.body).toEqual({
      description: 'the shop',
      config: { jdbcUrl: 'jdbc:postgresql://db/shop', user: 'loader', password: { set: true } },
    });
  });

  it('tests a connection and shows what the check found', async () => {
    const user = userEvent.setup();
    stubApi([]);
    render(<ConnectionsPage />);

    await user.click(await screen.findByRole('button', { name: 'Test warehouse' }));

    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Test of warehouse' }).textContent).toBe('OK: Connected; table pg_class exists.'),
    );
  });

  it('offers the connections of the field’s kind in a node form', async () => {
    stubApi([]);
    const changes: unknown[] = [];
    render(
      <ConfigFieldControl
        id="c"
        field={{ name: 'connection', label: 'Connection', kind: 'string', required: false, secret: false, connectionKind: 'postgres' }}
        value={undefined}
        invalid={false}
        onChange={(v) => changes.push(v)}
      />,
    );

    const select = (await screen.findByRole('combobox')) as HTMLSelectElement;
    await waitFor(() => expect(Array.from(select.options).map((o) => o.value)).toEqual(['', 'warehouse']));
    await userEvent.selectOptions(select, 'warehouse');
    expect(changes).toEqual(['warehouse']);
  });
});
