import { useCallback, useState } from 'react';
import { ApiError, api } from '../api/client';
import { useDesignerStoreApi } from '../store/context';
import { asApiError } from '../store/notices';

export interface SaveConflict {
  baseVersion: number;
  currentVersion: number | undefined;
  detail: string;
}

export interface SaveState {
  busy: boolean;
  error: ApiError | null;
  conflict: SaveConflict | null;
}

/**
 * Saves the document as a new version based on the version it was loaded from. A stale base (409
 * `stale-version`) becomes a conflict the user resolves; `overwrite` saves on top of the newer
 * version anyway.
 */
export function useSaveVersion() {
  const store = useDesignerStoreApi();
  const [state, setState] = useState<SaveState>({ busy: false, error: null, conflict: null });

  const save = useCallback(
    async (message: string, options: { overwrite?: number } = {}): Promise<boolean> => {
      const s = store.getState();
      const sent = s.doc;
      const baseVersion = options.overwrite ?? s.baseVersion;
      setState({ busy: true, error: null, conflict: null });
      try {
        const saved = await api.saveVersion(s.pipelineId, {
          baseVersion,
          document: sent,
          ...(message.trim() ? { message: message.trim() } : {}),
        });
        store.getState().saved(saved, sent);
        setState({ busy: false, error: null, conflict: null });
        return true;
      } catch (e) {
        const error = asApiError(e);
        if (error.kind === 'stale-version') {
          setState({
            busy: false,
            error: null,
            conflict: {
              baseVersion,
              currentVersion: typeof error.problem.currentVersion === 'number' ? error.problem.currentVersion : undefined,
              detail: error.message,
            },
          });
        } else {
          setState({ busy: false, error, conflict: null });
        }
        return false;
      }
    },
    [store],
  );

  const reset = useCallback(() => setState({ busy: false, error: null, conflict: null }), []);
  return { ...state, save, reset };
}
