import type { PipelineDocument } from '../model/document';
import { type History, emptyHistory, record, redo as redoStep, undo as undoStep } from '../model/history';
import { type DesignerState, type DesignerStore, pruneSelection } from './designerStore';

/**
 * Keeps the store's undo history by watching document changes. An edit records the document as it
 * was before (a drag records once, at its end, with the position before it started); a load
 * starts afresh. Returns the unsubscribe function.
 */
export function attachHistory(store: DesignerStore): () => void {
  let anchor: PipelineDocument = store.getState().doc;
  return store.subscribe((state, previous) => {
    if (state.doc === previous.doc && state.lastEdit === previous.lastEdit) return;
    switch (state.lastEdit.origin) {
      case 'transient':
        return;
      case 'load':
        anchor = state.doc;
        if (state.history.past.length > 0 || state.history.future.length > 0) {
          store.setState({ history: emptyHistory() });
        }
        return;
      case 'history':
      case 'saved':
        anchor = state.doc;
        return;
      case 'edit': {
        if (state.doc === anchor) return;
        const before = anchor;
        anchor = state.doc;
        store.setState({ history: record(state.history, before, state.lastEdit.key) });
        return;
      }
    }
  });
}

export function undo(store: DesignerStore): void {
  const s = store.getState();
  const step = undoStep(s.history, s.doc);
  if (step) store.setState(afterStep(s, step));
}

export function redo(store: DesignerStore): void {
  const s = store.getState();
  const step = redoStep(s.history, s.doc);
  if (step) store.setState(afterStep(s, step));
}

function afterStep(state: DesignerState, step: { history: History<PipelineDocument>; present: PipelineDocument }) {
  return {
    doc: step.present,
    history: step.history,
    lastEdit: { origin: 'history' as const },
    selection: pruneSelection(state.selection, step.present),
  };
}
