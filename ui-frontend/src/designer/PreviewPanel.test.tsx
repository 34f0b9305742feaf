// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreviewRequest, PreviewResult } from '../api/types';
import { usePreview } from '../hooks/usePreview';
import { edgeId } from '../model/document';
import { DOCUMENT } from '../test/fixtures';
import { renderDesigner } from '../test/renderDesigner';
import { PreviewPanel } from './PreviewPanel';

afterEach(() => vi.unstubAllGlobals());

const RESULT: PreviewResult = {
  ports: [
    {
      node: 'src',
      port: 'out',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'amount', type: 'double' },
      ],
      rows: [
        [1, 50.5],
        [2, 250],
      ],
      count: 2,
    },
    { node: 'big', port: 'out', fields: [{ name: 'id', type: 'long' }, { name: 'amount', type: 'double' }], rows: [[2, 250]], count: 7 },
  ],
  deadLetters: [{ node: 'src', source: '/data/orders/a.csv:4', raw: '3,lots', reason: "Field 'amount': 'lots' is not a valid double" }],
  truncated: false,
};

function stubPreview(status: number, body: unknown): PreviewRequest[] {
  const sent: PreviewRequest[] = [];
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    if (input === '/api/preview') {
      sent.push(JSON.parse(String(init?.body)) as PreviewRequest);
      return new Response(JSON.stringify(body), { status });
    }
    return new Response(null, { status: 404 });
  });
  return sent;
}

function Harness() {
  const preview = usePreview();
  return <PreviewPanel preview={preview} onClose={() => undefined} />;
}

describe('preview panel', () => {
  it('previews the document being edited with its sample file and shows the records of the selected edge', async () => {
    const user = userEvent.setup();
    const sent = stubPreview(200, RESULT);
    const { store } = renderDesigner(<Harness />);

    await user.upload(screen.getByLabelText('Sample for Orders files'), new File(['id,amount\n9,1.5\n'], 'orders.csv', { type: 'text/csv' }));
    await waitFor(() => expect(screen.getByText('(orders.csv)')).toBeTruthy());
    const limit = screen.getByLabelText('Records per source');
    await user.clear(limit);
    await user.type(limit, '5');
    await user.click(screen.getByRole('button', { name: 'Run preview' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ limit: 5, samples: { src: 'id,amount\n9,1.5\n' } });
    expect(sent[0]?.document).toEqual(store.getState().doc);

    // Nothing selected: every node's output, with its count, to pick from.
    await waitFor(() => expect(screen.getByText('7 records')).toBeTruthy());

    act(() => store.getState().select({ nodes: [], edges: [edgeId(DOCUMENT.edges![0]!)] }));
    const table = screen.getByRole('table', { name: 'Records from Orders files to Big orders' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['id long', 'amount double']);
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['150.5', '2250']);

    act(() => store.getState().select({ nodes: ['big'], edges: [] }));
    expect(screen.getByRole('table', { name: 'Records from Big orders' }).textContent).toContain('first 1 of 7');
  });

  it('lists the dead letters with the reason for each', async () => {
    const user = userEvent.setup();
    stubPreview(200, RESULT);
    renderDesigner(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Run preview' }));

    await user.click(await screen.findByRole('tab', { name: /Dead letters/ }));
    const panel = screen.getByRole('tabpanel', { name: 'Dead letters' });
    const row = within(panel).getAllByRole('row')[1]!;
    expect(row.textContent).toContain("Field 'amount': 'lots' is not a valid double");
    expect(row.textContent).toContain('3,lots');
    expect(row.textContent).toContain('Orders files');
  });

  it('shows the problems of a pipeline that cannot be previewed, and why a preview stopped early', async () => {
    const user = userEvent.setup();
    stubPreview(422, {
      type: 'urn:sluice:problem:pipeline-not-previewable',
      title: 'Unprocessable',
      status: 422,
      detail: 'The pipeline has 1 problem to fix before it can be previewed; see errors.',
      errors: [{ nodeId: 'big', field: 'config.condition', code: 'invalid-expression', message: "Column 'amout' not found" }],
    });
    renderDesigner(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Run preview' }));
    expect((await screen.findByRole('alert')).textContent).toContain("Column 'amout' not found");

    stubPreview(200, { ...RESULT, truncated: true, reason: 'The preview did not finish within 30s; these are the records collected until then.' });
    await user.click(screen.getByRole('button', { name: 'Run preview' }));
    expect((await screen.findByRole('status')).textContent).toContain('did not finish within 30s');
  });
});
