import { useCanEdit } from '../auth/session';
import { useState } from 'react';
import { api } from '../api/client';
import type { RunState } from '../api/types';
import { RunStateBadge } from '../components/RunStateBadge';
import { useDesigner } from '../hooks/useDesigner';
import { useRuns } from '../hooks/useRuns';
import { reportError } from '../store/notices';

const ACTIVE: RunState[] = ['starting', 'running', 'stopping'];

/** Run and Stop, and the live state of the pipeline's newest run (with the cause of a failure). */
export function RunControls({ dirty }: { dirty: boolean }) {
  const canEdit = useCanEdit();
  const pipelineId = useDesigner((s) => s.pipelineId);
  const baseVersion = useDesigner((s) => s.baseVersion);
  const { latest, refresh } = useRuns(pipelineId);
  const [busy, setBusy] = useState(false);
  const active = latest !== null && ACTIVE.includes(latest.state);

  const act = async (call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
      refresh();
    }
  };

  return (
    <div className="run-controls">
      <button
        type="button"
        className="button button--run"
        disabled={busy || active || !canEdit}
        title={dirty ? `Runs the saved version ${baseVersion}; save to run your changes` : `Run version ${baseVersion}`}
        onClick={() => act(() => api.startRun(pipelineId))}
      >
        <span aria-hidden="true">▶</span> Run
      </button>
      <button
        type="button"
        className="button"
        disabled={busy || !canEdit || !active || latest?.state === 'stopping'}
        onClick={() => latest && act(() => api.stopRun(latest.id))}
      >
        <span aria-hidden="true">■</span> Stop
      </button>
      <RunStateBadge state={latest?.state ?? null} idleText="not running" role="status" aria-label="Run state" />
      {latest?.state === 'failed' && latest.failure && (
        <span className="run-failure" title={latest.failure}>
          {latest.failure}
        </span>
      )}
      {latest && ACTIVE.includes(latest.state) && latest.version !== undefined && (
        <span className="muted small">v{latest.version}</span>
      )}
    </div>
  );
}
