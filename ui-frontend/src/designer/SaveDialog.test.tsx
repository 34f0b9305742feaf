// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSaveVersion } from '../hooks/useSaveVersion';
import { DOCUMENT, pipeline } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { SaveDialog } from './SaveDialog';

afterEach(() => vi.unstubAllGlobals());

function Harness({ onClose }: { onClose: () => void }) {
  return <SaveDialog saver={useSaveVersion()} onClose={onClose} />;
}

describe('save dialog', () => {
  it('saves with the message and the version the edits are based on', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', async (_: string, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify(pipeline(DOCUMENT, 4)), { status: 200 });
    });
    const onClose = vi.fn();
    const { store } = renderDesigner(<Harness onClose={onClose} />);
    const dialog = screen.getByRole('dialog', { name: 'Save version' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'add filter');
    await user.click(within(dialog).getByRole('button', { name: 'Save version' }));
    expect(bodies[0]).toMatchObject({ baseVersion: 3, message: 'add filter', document: DOCUMENT });
    expect(store.getState().baseVersion).toBe(4);
    expect(onClose).toHaveBeenCalled();
  });

  it('explains a stale version and can save on top of the newer one', async () => {
    const user = userEvent.setup();
    const bases: number[] = [];
    vi.stubGlobal('fetch', async (_: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { baseVersion: number };
      bases.push(body.baseVersion);
      if (body.baseVersion === 3) {
        return new Response(
          JSON.stringify({
            type: 'urn:sluice:problem:stale-version',
            title: 'Conflict',
            status: 409,
            detail: 'Pipeline p was saved as version 5 since version 3 was read',
            currentVersion: 5,
            baseVersion: 3,
          }),
          { status: 409 },
        );
      }
      return new Response(JSON.stringify(pipeline(DOCUMENT, 6)), { status: 200 });
    });
    const onClose = vi.fn();
    const { store } = renderDesigner(<Harness onClose={onClose} />);
    const dialog = screen.getByRole('dialog', { name: 'Save version' });
    await user.click(within(dialog).getByRole('button', { name: 'Save version' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('You edited version 3, but version 5 has been saved since');
    expect(onClose).not.toHaveBeenCalled();

    await user.click(within(alert).getByRole('button', { name: 'Save mine over version 5' }));
    expect(bases).toEqual([3, 5]);
    expect(store.getState().baseVersion).toBe(6);
    expect(onClose).toHaveBeenCalled();
  });
});
