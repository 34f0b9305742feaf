import { useReactFlow } from '@xyflow/react';
import type { Problem } from '../api/types';
import { ProblemNotice } from '../components/ProblemNotice';
import { useDesigner } from '../hooks/useDesigner';
import { displayName, nodesOf } from '../model/document';
import { problemTarget } from '../model/problems';
import { useDesignerStoreApi } from '../store/context';

/**
 * The backend's validation problems of the document being edited. Clicking one selects its node
 * (or edge), brings it into view and focuses the field it is about.
 */
export function ProblemsPanel() {
  const store = useDesignerStoreApi();
  const validation = useDesigner((s) => s.validation);
  const doc = useDesigner((s) => s.doc);
  const { fitView } = useReactFlow();
  const { problems, pending, error } = validation;

  const open = (p: Problem) => {
    const target = problemTarget(p, doc);
    const state = store.getState();
    if (target.nodeId && nodesOf(doc).some((n) => n.id === target.nodeId)) {
      state.select({ nodes: [target.nodeId], edges: [] });
      state.requestFocus(target.nodeId, target.field ?? 'name');
      void fitView({ nodes: [{ id: target.nodeId }], duration: 250, maxZoom: 1.2, padding: 0.6 });
    } else if (target.edgeId) {
      state.select({ nodes: [], edges: [target.edgeId] });
    }
  };

  const nodeName = (id: string | undefined) => {
    const node = id ? nodesOf(doc).find((n) => n.id === id) : undefined;
    return node ? displayName(node) : id;
  };

  return (
    <section className="problems" aria-label="Problems">
      <div className="panel-title">
        Problems
        {problems.length > 0 && <span className="count-pill">{problems.length}</span>}
        {pending && <span className="muted small problems__checking">Checking…</span>}
      </div>
      {error && <ProblemNotice error={error} />}
      {problems.length === 0 ? (
        <p className="problems__none muted">{pending ? 'Checking…' : 'No problems'}</p>
      ) : (
        <ul className={`problems__list${pending ? ' is-stale' : ''}`}>
          {problems.map((p, i) => (
            <li key={`${i}-${p.code}-${p.nodeId ?? ''}-${p.field ?? ''}`}>
              <button type="button" className="problem" onClick={() => open(p)}>
                <span className="problem__icon" aria-hidden="true">
                  !
                </span>
                <span className="problem__message">{p.message}</span>
                <span className="problem__where muted small">
                  {[nodeName(p.nodeId ?? problemTarget(p, doc).nodeId), p.field].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
