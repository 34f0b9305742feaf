// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderDesigner } from '../test/renderDesigner';
import { NODE_TYPE_MIME } from './dnd';
import { Palette } from './Palette';

describe('palette', () => {
  it('groups node types by role and filters them by the search', async () => {
    const user = userEvent.setup();
    renderDesigner(<Palette onAdd={() => undefined} />);
    const palette = within(screen.getByRole('region', { name: 'Palette' }));
    expect(palette.getByRole('group', { name: 'Sources' })).toBeTruthy();
    expect(within(palette.getByRole('group', { name: 'Sinks' })).getByRole('button', { name: 'PostgreSQL' })).toBeTruthy();

    await user.type(palette.getByRole('searchbox', { name: 'Search node types' }), 'filt');
    expect(palette.getAllByRole('button').map((b) => b.getAttribute('data-node-type'))).toEqual(['filter']);
  });

  it('adds a type with Enter and carries its type when dragged', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn();
    renderDesigner(<Palette onAdd={onAdd} />);
    const item = screen.getByRole('button', { name: 'Filter' });
    item.focus();
    await user.keyboard('{Enter}');
    expect(onAdd).toHaveBeenCalledWith('filter');

    expect(item.getAttribute('draggable')).toBe('true');
    const data = new Map<string, string>();
    fireEvent.dragStart(item, { dataTransfer: { setData: (k: string, v: string) => data.set(k, v), effectAllowed: '' } });
    expect(data.get(NODE_TYPE_MIME)).toBe('filter');
  });
});
