import { useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client';
import type { Version, VersionInfo } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ProblemNotice } from '../components/ProblemNotice';
import { useDesigner } from '../hooks/useDesigner';
import { type PipelineDocument, displayName, edgesOf, nodesOf } from '../model/document';
import { useDesignerStoreApi } from '../store/context';
import { asApiError } from '../store/notices';

/**
 * The pipeline's versions, newest first. View shows a version's nodes and document; Restore puts
 * its document in the editor as unsaved changes (saving it makes a new version).
 */
export function HistoryDialog({ onClose }: { onClose: () => void }) {
  const store = useDesignerStoreApi();
  const pipelineId = useDesigner((s) => s.pipelineId);
  const baseVersion = useDesigner((s) => s.baseVersion);
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [viewing, setViewing] = useState<Version<PipelineDocument> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.versions(pipelineId, controller.signal).then(setVersions, (e: unknown) => {
      if (!controller.signal.aborted) setError(asApiError(e));
    });
    return () => controller.abort();
  }, [pipelineId]);

  const fetchVersion = async (n: number) => {
    setError(null);
    try {
      return await api.version(pipelineId, n);
    } catch (e) {
      setError(asApiError(e));
      return null;
    }
  };

  const view = async (n: number) => {
    const v = await fetchVersion(n);
    if (v) setViewing(v);
  };

  const restore = async (n: number) => {
    const v = viewing?.number === n ? viewing : await fetchVersion(n);
    if (!v) return;
    store.getState().apply([{ type: 'replace-document', document: v.document }]);
    store.getState().select({ nodes: [], edges: [] });
    onClose();
  };

  return (
    <Dialog title="Version history" onClose={onClose} wide>
      {error && <ProblemNotice error={error} />}
      <div className="history">
        <ol className="history__list" aria-label="Versions">
          {versions === null && !error && <li className="muted">Loading…</li>}
          {versions?.map((v) => (
            <li key={v.number} className={`history__item${viewing?.number === v.number ? ' is-active' : ''}`}>
              <div className="history__meta">
                <div className="history__title">
                  <span>Version {v.number}</span>
                  {v.number === baseVersion && (
                    <span className="tag" title="The version you opened or last saved">
                      current
                    </span>
                  )}
                </div>
                <div className="muted small">
                  {[v.message, v.author, v.createdAt && new Date(v.createdAt).toLocaleString()].filter(Boolean).join(' · ') || 'No message'}
                </div>
              </div>
              <div className="history__actions">
                <button type="button" className="button button--small" onClick={() => view(v.number)}>
                  View
                </button>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => restore(v.number)}
                >
                  Restore
                </button>
              </div>
            </li>
          ))}
        </ol>
        <div className="history__preview">
          {viewing ? <VersionPreview version={viewing} /> : <p className="muted">Choose View to see a version.</p>}
        </div>
      </div>
    </Dialog>
  );
}

function VersionPreview({ version }: { version: Version<PipelineDocument> }) {
  const doc = version.document;
  const nodes = nodesOf(doc);
  return (
    <div>
      <h3>Preview of v{version.number}</h3>
      <p className="muted small">
        {nodes.length} node{nodes.length === 1 ? '' : 's'}, {edgesOf(doc).length} edge{edgesOf(doc).length === 1 ? '' : 's'}
      </p>
      {nodes.length > 0 && (
        <ul className="history__nodes">
          {nodes.map((n) => (
            <li key={n.id}>
              <strong>{displayName(n)}</strong> <span className="muted">({n.type})</span>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Document</summary>
        <pre className="code">{JSON.stringify(doc, null, 2)}</pre>
      </details>
    </div>
  );
}
