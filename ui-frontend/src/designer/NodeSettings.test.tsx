// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DOCUMENT, pipeline } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { NodeSettings } from './NodeSettings';
import { ProblemsPanel } from './ProblemsPanel';

describe('node settings form', () => {
  it('asks to select a node when none is selected', () => {
    renderDesigner(<NodeSettings />);
    expect(within(screen.getByRole('region', { name: 'Node settings' })).getByText(/Select a node/)).toBeTruthy();
  });

  it('renders a control per descriptor field, labelled by the field label, and writes edits to the document', async () => {
    const user = userEvent.setup();
    const { store } = renderDesigner(<NodeSettings />);
    act(() => store.getState().select({ nodes: ['src'] }));

    const panel = within(screen.getByRole('region', { name: 'Node settings' }));
    expect((panel.getByLabelText('Directory') as HTMLInputElement).value).toBe('/data/orders');
    expect(panel.getByLabelText('Format').tagName).toBe('SELECT');
    expect((panel.getByLabelText('Header line') as HTMLInputElement).checked).toBe(true);

    await user.selectOptions(panel.getByLabelText('Format'), 'json-lines');
    await user.type(panel.getByLabelText('Fields'), 'id: long{enter}amount: double');
    await user.clear(panel.getByLabelText('Node name'));
    await user.type(panel.getByLabelText('Node name'), 'Files');

    const node = store.getState().doc.nodes?.[0];
    expect(node?.name).toBe('Files');
    expect(node?.config).toMatchObject({ format: 'json-lines', fields: ['id: long', 'amount: double'] });
  });

  it('shows messages as the user types, tied to the input, and masks secrets', async () => {
    const user = userEvent.setup();
    const { store } = renderDesigner(<NodeSettings />);
    act(() => store.getState().select({ nodes: ['sink'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));

    expect(panel.getByLabelText('Password').getAttribute('type')).toBe('password');

    const batch = panel.getByLabelText('Batch size');
    await user.type(batch, '0');
    expect(batch.getAttribute('aria-invalid')).toBe('true');
    const messageId = batch.getAttribute('aria-describedby')?.split(' ')[0] ?? '';
    expect(document.getElementById(messageId)?.textContent).toBe('Must be at least 1');

    const url = panel.getByLabelText('JDBC URL');
    await user.clear(url);
    expect(document.getElementById(url.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent).toBe(
      'JDBC URL is required',
    );
  });

  it('shows whether a secret is stored without ever holding it, and keeps, replaces or removes it', async () => {
    const user = userEvent.setup();
    const stored = {
      ...DOCUMENT,
      nodes: (DOCUMENT.nodes ?? []).map((n) =>
        n.id === 'sink' ? { ...n, config: { ...n.config, password: { set: true } } } : n,
      ),
    };
    const { store } = renderDesigner(<NodeSettings />, pipeline(stored));
    act(() => store.getState().select({ nodes: ['sink'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));
    const password = panel.getByLabelText('Password') as HTMLInputElement;
    const sinkConfig = () => store.getState().doc.nodes?.find((n) => n.id === 'sink')?.config ?? {};

    expect(password.type).toBe('password');
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('Stored; type to replace');
    expect(panel.getByText('Password: set')).toBeTruthy();
    expect(password.getAttribute('aria-invalid')).toBeNull();

    await user.type(password, 'n3w');
    expect(sinkConfig().password).toBe('n3w');
    expect(panel.getByText('Password: new value, saved with the next version')).toBeTruthy();

    await user.clear(password);
    expect(sinkConfig().password).toEqual({ set: true });

    await user.click(panel.getByRole('button', { name: 'Remove' }));
    expect(sinkConfig()).not.toHaveProperty('password');
    expect(panel.getByText('Password: not set')).toBeTruthy();
    expect(panel.queryByRole('button', { name: 'Remove' })).toBeNull();
  });

  it('shows a stored secret property of a list by key only, keeps it while lines are edited, and removes or replaces it', async () => {
    const user = userEvent.setup();
    const secret = { key: 'ssl.key.password', set: true };
    const stored = {
      ...DOCUMENT,
      nodes: (DOCUMENT.nodes ?? []).map((n) => (n.id === 'src' ? { ...n, config: { ...n.config, fields: ['id: long', secret] } } : n)),
    };
    const { store } = renderDesigner(<NodeSettings />, pipeline(stored));
    act(() => store.getState().select({ nodes: ['src'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));
    const lines = panel.getByLabelText('Fields') as HTMLTextAreaElement;
    const srcConfig = () => store.getState().doc.nodes?.find((n) => n.id === 'src')?.config ?? {};

    expect(lines.value).toBe('id: long');
    expect(lines.getAttribute('aria-invalid')).toBeNull();
    expect(panel.getByRole('list', { name: 'Stored secret properties' }).textContent).toContain('ssl.key.password');

    await user.type(lines, '{enter}amount: double');
    expect(srcConfig().fields).toEqual(['id: long', 'amount: double', secret]);

    await user.type(lines, '{enter}ssl.key.password=n3w');
    expect(srcConfig().fields).toEqual(['id: long', 'amount: double', 'ssl.key.password=n3w']);

    // Deleting the replacing line keeps the stored value again.
    await user.clear(lines);
    await user.type(lines, 'id: long');
    expect(srcConfig().fields).toEqual(['id: long', secret]);
    await user.click(panel.getByRole('button', { name: 'Remove ssl.key.password' }));
    expect(srcConfig().fields).toEqual(['id: long']);
    expect(panel.queryByRole('list', { name: 'Stored secret properties' })).toBeNull();
  });

  it('selects the node of a problem and focuses its field when the problem is clicked', async () => {
    const user = userEvent.setup();
    const { store } = renderDesigner(
      <>
        <ProblemsPanel />
        <NodeSettings />
      </>,
    );
    const problems = within(screen.getByRole('region', { name: 'Problems' }));
    expect(problems.getByText('No problems')).toBeTruthy();

    act(() =>
      store.getState().setValidation({
        valid: false,
        problems: [{ nodeId: 'big', field: 'config.condition', code: 'invalid-expression', message: "Unknown field 'amout'." }],
      }),
    );
    await user.click(problems.getByRole('button', { name: /Unknown field 'amout'/ }));

    expect(store.getState().selection.nodes).toEqual(['big']);
    expect(document.activeElement).toBe(screen.getByLabelText('Condition'));
    expect(screen.getAllByText("Unknown field 'amout'.").length).toBeGreaterThan(1); // also inline under the field
  });

  it('stops repeating a backend problem under a field once its value changes, until the next check', async () => {
    const user = userEvent.setup();
    const { store } = renderDesigner(<NodeSettings />);
    act(() => {
      store.getState().setValidation({
        valid: false,
        problems: [{ nodeId: 'big', field: 'config.condition', code: 'invalid-expression', message: "Unknown identifier 'amout'" }],
      });
      store.getState().select({ nodes: ['big'] });
    });
    expect(screen.queryByText("Unknown identifier 'amout'")).not.toBeNull();
    await user.type(screen.getByLabelText('Condition'), ' AND 1 = 1');
    expect(screen.queryByText("Unknown identifier 'amout'")).toBeNull();
  });
});
