import { ApiError, api } from '../api/client';
import type { ValidationResult } from '../api/types';
import type { PipelineDocument } from '../model/document';
import type { DesignerStore } from './designerStore';

export type Validate = (doc: PipelineDocument, signal: AbortSignal) => Promise<ValidationResult>;

/**
 * Checks the document with the backend (`POST /api/validate`) a moment after the last edit, so the
 * problems panel and the fields on the edges follow the user's edits. Answers for a document that
 * has changed since are dropped. A loaded pipeline brings its own validation, so a load is not
 * checked again. Returns the unsubscribe function.
 */
export function attachValidation(
  store: DesignerStore,
  validate: Validate = (doc, signal) => api.validate(doc, signal),
  delayMs = 400,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;

  const run = (doc: PipelineDocument) => {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    validate(doc, controller.signal).then(
      (result) => {
        if (controller.signal.aborted || store.getState().doc !== doc) return;
        store.getState().setValidation(result, null, doc);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        store
          .getState()
          .setValidation(
            null,
            error instanceof ApiError ? error : new ApiError(0, { title: 'Validation failed', detail: String(error) }),
          );
      },
    );
  };

  const unsubscribe = store.subscribe((state, previous) => {
    const origin = state.lastEdit.origin;
    if (state.doc === previous.doc || origin === 'transient' || origin === 'load' || origin === 'saved') {
      return;
    }
    clearTimeout(timer);
    inFlight?.abort();
    if (!state.validation.pending) state.setValidationPending(true);
    const doc = state.doc;
    timer = setTimeout(() => run(doc), delayMs);
  });

  return () => {
    unsubscribe();
    clearTimeout(timer);
    inFlight?.abort();
  };
}
