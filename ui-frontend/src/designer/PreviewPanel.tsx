import { useState } from 'react';
import type { PreviewPort } from '../api/types';
import { ProblemNotice } from '../components/ProblemNotice';
import { useDesigner } from '../hooks/useDesigner';
import { MAX_PREVIEW_LIMIT, type Preview } from '../hooks/usePreview';
import { DEFAULT_OUT_PORT, displayName, nodesOf } from '../model/document';
import { portsForSelection } from '../model/preview';
import { useDesignerStoreApi } from '../store/context';

/**
 * The answer of a preview: the records on the selected edge (or out of the selected node) as a
 * table with the field names and types, and a tab of dead letters with the reason for each. Its
 * header holds the options: records per source, and a sample file for each file-directory source.
 */
export function PreviewPanel({ preview, onClose }: { preview: Preview; onClose: () => void }) {
  const store = useDesignerStoreApi();
  const doc = useDesigner((s) => s.doc);
  const selection = useDesigner((s) => s.selection);
  const [tab, setTab] = useState<'records' | 'dead-letters'>('records');
  const [limitText, setLimitText] = useState(String(preview.limit));
  const { result, error, busy } = preview;
  const nodes = nodesOf(doc);
  const fileSources = nodes.filter((n) => n.type === 'file-directory');
  const name = (id: string) => {
    const node = nodes.find((n) => n.id === id);
    return node ? displayName(node) : id;
  };
  const shown = result ? portsForSelection(doc, selection, result.ports) : [];

  return (
    <section className="preview" aria-label="Preview">
      <div className="preview__header">
        <div className="panel-title">Preview</div>
        <label className="preview__option small">
          Records per source
          <input
            className="input input--small"
            type="number"
            min={1}
            max={MAX_PREVIEW_LIMIT}
            value={limitText}
            aria-invalid={limitText !== String(preview.limit) || undefined}
            onChange={(e) => {
              setLimitText(e.target.value);
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= MAX_PREVIEW_LIMIT) preview.setLimit(n);
            }}
          />
        </label>
        {fileSources.map((n) => (
          <label key={n.id} className="preview__option small">
            Sample for {displayName(n)}
            <input
              type="file"
              accept=".csv,.json,.jsonl,.ndjson,.txt,text/csv,application/json"
              onChange={(e) => void preview.setSample(n.id, e.target.files?.[0] ?? null)}
            />
            {preview.samples[n.id] && <span className="muted">({preview.samples[n.id]?.name})</span>}
          </label>
        ))}
        <div className="preview__actions">
          <button type="button" className="button button--small button--primary" disabled={busy} onClick={() => void preview.run(doc)}>
            {busy ? 'Previewing…' : 'Run preview'}
          </button>
          <button type="button" className="icon-button" aria-label="Close preview" onClick={onClose}>
            ×
          </button>
        </div>
      </div>

      {error && <ProblemNotice error={error} />}
      {result?.truncated && (
        <p className="notice notice--warning small" role="status">
          {result.reason ?? 'The preview stopped early.'}
        </p>
      )}

      {result && (
        <>
          <div role="tablist" aria-label="Preview results" className="tabs">
            <button type="button" role="tab" aria-selected={tab === 'records'} className="tab" onClick={() => setTab('records')}>
              Records
            </button>
            <button type="button" role="tab" aria-selected={tab === 'dead-letters'} className="tab" onClick={() => setTab('dead-letters')}>
              Dead letters <span className="count-pill">{result.deadLetters.length}</span>
            </button>
          </div>
          {tab === 'records' ? (
            <div role="tabpanel" aria-label="Records" className="preview__body">
              {shown.length === 0 ? (
                <>
                  <p className="muted small">Select an edge or a node to see its records. Records out of each node:</p>
                  <ul className="preview__ports">
                    {result.ports.map((p) => (
                      <li key={`${p.node}:${p.port}`}>
                        <button type="button" className="link-button" onClick={() => store.getState().select({ nodes: [p.node], edges: [] })}>
                          {name(p.node)}
                          {p.port !== DEFAULT_OUT_PORT && ` · ${p.port}`}
                        </button>{' '}
                        <span className="muted small">{p.count.toLocaleString()} records</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                shown.map(({ port, to }) => (
                  <RecordsTable
                    key={`${port.node}:${port.port}`}
                    port={port}
                    caption={`Records from ${name(port.node)}${port.port !== DEFAULT_OUT_PORT ? ` (${port.port})` : ''}${to ? ` to ${name(to)}` : ''}`}
                  />
                ))
              )}
            </div>
          ) : (
            <div role="tabpanel" aria-label="Dead letters" className="preview__body">
              {result.deadLetters.length === 0 ? (
                <p className="muted small">No record was rejected.</p>
              ) : (
                <table className="data-table">
                  <caption className="sr-only">Rejected records</caption>
                  <thead>
                    <tr>
                      <th scope="col">Node</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Record</th>
                      <th scope="col">From</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.deadLetters.map((d, i) => (
                      <tr key={i}>
                        <td>{name(d.node)}</td>
                        <td>{d.reason}</td>
                        <td className="mono">{d.raw}</td>
                        <td className="muted small">{d.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </>
      )}
      {!result && !error && busy && <p className="muted small">Running the pipeline on a sample…</p>}
    </section>
  );
}

function RecordsTable({ port, caption }: { port: PreviewPort; caption: string }) {
  return (
    <div className="preview__table">
      <table className="data-table" aria-label={caption}>
        <caption>
          {caption}{' '}
          <span className="muted small">
            {port.rows.length < port.count ? `first ${port.rows.length.toLocaleString()} of ${port.count.toLocaleString()}` : `${port.count.toLocaleString()} records`}
          </span>
        </caption>
        <thead>
          <tr>
            {port.fields.map((f) => (
              <th key={f.name} scope="col">
                <span className="mono">{f.name}</span> <span className="muted small">{f.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {port.rows.map((row, i) => (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j} className={v === null ? 'muted' : undefined}>
                  {v === null ? 'null' : String(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
