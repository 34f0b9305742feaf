import type { ApiError } from '../api/client';

/**
 * Shows a failed call as the server described it: title, detail, and each entry of `errors`.
 * Used inline in dialogs and in the notices stack.
 */
export function ProblemNotice({ error, onDismiss }: { error: ApiError; onDismiss?: () => void }) {
  const p = error.problem;
  return (
    <div className="notice notice--error" role="alert">
      <div className="notice__text">
        <strong>{p.title ?? 'Something went wrong'}</strong>
        {p.detail && <p>{p.detail}</p>}
        {p.errors && p.errors.length > 0 && (
          <ul>
            {p.errors.map((e, i) => (
              <li key={i}>
                {e.nodeId && <code>{e.nodeId}</code>} {e.field && <code>{e.field}</code>} {e.message}
              </li>
            ))}
          </ul>
        )}
        {p.incident && <p className="muted">Incident {p.incident}</p>}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
