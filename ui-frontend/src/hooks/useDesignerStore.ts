import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import { createDesignerStore, type DesignerStore } from '../store/designerStore';
import { attachHistory } from '../store/history';
import { asApiError } from '../store/notices';
import { attachValidation } from '../store/validation';
import { loadNodeTypes } from '../api/nodeTypes';

export type DesignerLoad =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; store: DesignerStore };

/**
 * Loads a pipeline and the node types, and makes the store that the designer edits, with undo
 * history and validation attached for as long as the page shows it.
 */
export function useDesignerStore(pipelineId: string): DesignerLoad {
  const [load, setLoad] = useState<DesignerLoad & { id?: string }>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([api.pipeline(pipelineId, controller.signal), loadNodeTypes()]).then(
      ([pipeline, nodeTypes]) => {
        if (!controller.signal.aborted) {
          setLoad({ status: 'ready', store: createDesignerStore(pipeline, nodeTypes), id: pipelineId });
        }
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'error', error: asApiError(e), id: pipelineId });
      },
    );
    return () => controller.abort();
  }, [pipelineId]);

  const store = load.status === 'ready' ? load.store : null;
  useEffect(() => {
    if (!store) return;
    const detachHistory = attachHistory(store);
    const detachValidation = attachValidation(store);
    return () => {
      detachHistory();
      detachValidation();
    };
  }, [store]);

  if (load.id !== undefined && load.id !== pipelineId) return { status: 'loading' };
  return load;
}
