import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { ConnectionCheckResult } from '../api/types';
import { type DocNode, canonicalJson } from '../model/document';

type Outcome =
  | { kind: 'result'; config: string; result: ConnectionCheckResult }
  | { kind: 'refused'; config: string; message: string; errors: string[] };

/**
 * The "Check connection" button of a node whose type can be checked, and what the check found. The
 * answer is shown for the config it was about; editing the config hides it.
 */
export function ConnectionCheck({ node, pipelineId }: { node: DocNode; pipelineId?: string }) {
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const abort = useRef<AbortController | null>(null);
  const config = canonicalJson(node.config ?? {});

  useEffect(() => () => abort.current?.abort(), []);

  const run = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    try {
      const result = await api.checkConnection(
        node.type,
        node.typeVersion ?? 1,
        node.config ?? {},
        controller.signal,
        pipelineId ? { pipelineId, nodeId: node.id } : undefined,
      );
      setOutcome({ kind: 'result', config, result });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      const problem = e instanceof ApiError ? e.problem : undefined;
      setOutcome({
        kind: 'refused',
        config,
        message: problem?.detail ?? problem?.title ?? (e instanceof Error ? e.message : String(e)),
        errors: (problem?.errors ?? []).map((p) => p.message).filter((m) => m !== problem?.detail),
      });
    } finally {
      if (abort.current === controller) setRunning(false);
    }
  };

  const shown = outcome && outcome.config === config ? outcome : null;
  const ok = shown?.kind === 'result' && shown.result.ok;
  return (
    <div className="connection-check">
      <button type="button" className="button" onClick={run} disabled={running}>
        {running ? 'Checking…' : 'Check connection'}
      </button>
      <div role="status" aria-label="Connection check" className={`small ${shown ? (ok ? 'text-ok' : 'text-bad') : ''}`}>
        {shown?.kind === 'result' && shown.result.message}
        {shown?.kind === 'refused' && (
          <>
            {shown.message}
            {shown.errors.map((m, i) => (
              <span key={i} className="connection-check__error">
                {' '}
                {m}
              </span>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
