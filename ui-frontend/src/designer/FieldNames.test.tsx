// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NodeTypeDescriptor } from '../api/types';
import type { PipelineDocument } from '../model/document';
import { NODE_TYPES, pipeline } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { NodeSettings } from './NodeSettings';

const WINDOW: NodeTypeDescriptor = {
  type: 'window-aggregate',
  version: 1,
  role: 'transform',
  title: 'Window aggregate',
  description: 'Windows.',
  inputs: [{ name: 'in', label: 'In' }],
  outputs: [{ name: 'out', label: 'Out' }],
  fields: [
    { name: 'timeField', label: 'Event time field', kind: 'string', required: false, secret: false, inputFields: true },
    { name: 'groupBy', label: 'Group by', kind: 'string-list', required: false, secret: false, inputFields: true },
    { name: 'aggregates', label: 'Aggregates', kind: 'string-list', required: true, secret: false },
  ],
};

const DOC: PipelineDocument = {
  formatVersion: 1,
  nodes: [
    { id: 'src', type: 'file-directory', typeVersion: 1, name: 'Orders files', config: { path: '/data/orders' } },
    { id: 'big', type: 'filter', typeVersion: 1, config: { condition: '' } },
    { id: 'w', type: 'window-aggregate', typeVersion: 1, config: { groupBy: ['gone'] } },
  ],
  edges: [
    { from: { node: 'src', port: 'out' }, to: { node: 'big', port: 'in' } },
    { from: { node: 'big', port: 'out' }, to: { node: 'w', port: 'in' } },
  ],
};

const FIELDS = [
  { name: 'who', type: 'string' },
  { name: 'amount', type: 'long' },
  { name: 'at', type: 'timestamp' },
];

function render() {
  const p = pipeline(DOC);
  p.validation = { valid: true, problems: [], fields: { src: FIELDS, big: FIELDS } };
  return renderDesigner(<NodeSettings />, p, [...NODE_TYPES, WINDOW]);
}

describe('field names in forms', () => {
  it('offers the input fields as a select list for a field name and as choices for a list of them', async () => {
    const user = userEvent.setup();
    const { store } = render();
    act(() => store.getState().select({ nodes: ['w'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));

    const time = panel.getByLabelText('Event time field') as HTMLSelectElement;
    expect(time.tagName).toBe('SELECT');
    expect(Array.from(time.options).map((o) => o.textContent)).toEqual(['None', 'who (string)', 'amount (long)', 'at (timestamp)']);
    await user.selectOptions(time, 'at');

    const groupBy = panel.getByRole('group', { name: 'Group by' });
    // A name the input no longer has stays visible, so it can be unchecked.
    expect(within(groupBy).getByText('not in the input')).toBeTruthy();
    await user.click(within(groupBy).getByRole('checkbox', { name: /who/ }));
    await user.click(within(groupBy).getByRole('checkbox', { name: /gone/ }));

    expect(store.getState().doc.nodes?.[2]?.config).toMatchObject({ timeField: 'at', groupBy: ['who'] });
  });

  it('completes field names in an expression with the keyboard and the mouse', async () => {
    const user = userEvent.setup();
    const { store } = render();
    act(() => store.getState().select({ nodes: ['big'] }));
    const condition = within(screen.getByRole('region', { name: 'Node settings' })).getByLabelText('Condition') as HTMLTextAreaElement;

    await user.type(condition, 'a');
    const list = screen.getByRole('listbox', { name: 'Field names' });
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['amountlong', 'attimestamp']);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(condition.value).toBe('at');
    expect(screen.queryByRole('listbox')).toBeNull();

    await user.type(condition, ' > 1 AND w');
    await user.click(screen.getByRole('option', { name: /who/ }));
    expect(condition.value).toBe('at > 1 AND who');
    expect(store.getState().doc.nodes?.[1]?.config).toMatchObject({ condition: 'at > 1 AND who' });
  });

  it('falls back to free text while the check knows no fields', () => {
    const { store } = renderDesigner(<NodeSettings />, pipeline(DOC), [...NODE_TYPES, WINDOW]);
    act(() => store.getState().select({ nodes: ['w'] }));
    const panel = within(screen.getByRole('region', { name: 'Node settings' }));
    expect(panel.getByLabelText('Event time field').tagName).toBe('INPUT');
    expect(panel.getByLabelText('Group by').tagName).toBe('TEXTAREA');
  });
});
