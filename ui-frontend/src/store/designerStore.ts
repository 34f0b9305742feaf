import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError } from '../api/client';
import type { FieldView, NodeTypeDescriptor, Pipeline, Problem, ValidationResult } from '../api/types';
import { type DocChange, applyChanges } from '../model/changes';
import { type PipelineDocument, edgeId, edgesOf, nodesOf } from '../model/document';
import { type History, emptyHistory } from '../model/history';

/**
 * Where the last document change came from; the history and validation subscribers decide by it.
 * `transient`: a drag in progress, not yet an edit; `saved`: the server's canonical form of the
 * document just saved (same meaning, so neither an undo step nor a reason to validate again).
 */
export type EditOrigin = 'load' | 'edit' | 'transient' | 'history' | 'saved';

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface ValidationState {
  problems: Problem[];
  fields: Record<string, FieldView[]>;
  /** A check of the current document is waiting or in flight. */
  pending: boolean;
  /** The document the problems are about (the current one, or an older one while checking). */
  checked: PipelineDocument;
  /** The validation call itself failed. */
  error: ApiError | null;
}

export interface FocusRequest {
  nodeId: string;
  field: string;
  seq: number;
}

export interface DesignerState {
  pipelineId: string;
  name: string;
  /** The version the editor started from; a save must name it. */
  baseVersion: number;
  /** The document of `baseVersion`, for the unsaved-changes mark. */
  savedDoc: PipelineDocument;
  doc: PipelineDocument;
  lastEdit: { origin: EditOrigin; key?: string };
  history: History<PipelineDocument>;
  nodeTypes: Record<string, NodeTypeDescriptor>;
  selection: Selection;
  validation: ValidationState;
  focusRequest: FocusRequest | null;

  load(pipeline: Pipeline<PipelineDocument>): void;
  apply(changes: DocChange[], options?: { transient?: boolean; key?: string }): void;
  /** Ends a drag: the transient changes since the last edit become one edit. */
  commitTransient(): void;
  select(selection: Partial<Selection>): void;
  /** The answer of a check of `checked`, or (result null) the failure of the call. */
  setValidation(result: ValidationResult | null, error?: ApiError | null, checked?: PipelineDocument): void;
  setValidationPending(pending: boolean): void;
  requestFocus(nodeId: string, field: string): void;
  /** The form focused the field of request `seq`; it is not focused again on the next visit. */
  focusDone(seq: number): void;
  /** A save of `sent` succeeded and the server answered with `pipeline`. */
  saved(pipeline: Pipeline<PipelineDocument>, sent: PipelineDocument): void;
  renamed(name: string): void;
}

export type DesignerStore = StoreApi<DesignerState>;

/**
 * One store per open pipeline. Setters only set state; undo history and validation are
 * subscribers (see history.ts and validation.ts in this folder), so a setter never does I/O.
 */
export function createDesignerStore(
  pipeline: Pipeline<PipelineDocument>,
  nodeTypes: readonly NodeTypeDescriptor[],
): DesignerStore {
  return createStore<DesignerState>()((set, get) => ({
    ...loaded(pipeline),
    lastEdit: { origin: 'load' },
    history: emptyHistory(),
    nodeTypes: Object.fromEntries(nodeTypes.map((t) => [t.type, t])),
    selection: { nodes: [], edges: [] },
    focusRequest: null,

    load: (p) => set({ ...loaded(p), lastEdit: { origin: 'load' }, selection: { nodes: [], edges: [] } }),

    apply: (changes, options = {}) => {
      const { doc, selection, lastEdit } = get();
      const next = applyChanges(doc, changes);
      if (next === doc) {
        // The end of a drag often repeats the last position: it still makes the drag an edit.
        if (!options.transient && lastEdit.origin === 'transient') set({ lastEdit: { origin: 'edit', key: options.key } });
        return;
      }
      set({
        doc: next,
        lastEdit: { origin: options.transient ? 'transient' : 'edit', key: options.key },
        selection: pruneSelection(selection, next),
      });
    },

    commitTransient: () => {
      if (get().lastEdit.origin === 'transient') set({ lastEdit: { origin: 'edit' } });
    },

    select: (selection) => set((s) => ({ selection: { ...s.selection, ...selection } })),

    setValidation: (result, error = null, checked) =>
      set((s) => ({
        validation: {
          problems: result ? result.problems : s.validation.problems,
          fields: result ? (result.fields ?? {}) : s.validation.fields,
          checked: result ? (checked ?? s.doc) : s.validation.checked,
          pending: false,
          error,
        },
      })),

    setValidationPending: (pending) => set((s) => ({ validation: { ...s.validation, pending } })),

    requestFocus: (nodeId, field) =>
      set((s) => ({ focusRequest: { nodeId, field, seq: (s.focusRequest?.seq ?? 0) + 1 } })),

    focusDone: (seq) => {
      if (get().focusRequest?.seq === seq) set({ focusRequest: null });
    },

    saved: (p, sent) => {
      const unchangedSince = get().doc === sent;
      set({
        name: p.name,
        baseVersion: p.version.number,
        savedDoc: p.version.document,
        ...(unchangedSince
          ? { doc: p.version.document, lastEdit: { origin: 'saved' as const }, validation: validationOf(p) }
          : {}),
      });
    },

    renamed: (name) => set({ name }),
  }));
}

function loaded(p: Pipeline<PipelineDocument>) {
  return {
    pipelineId: p.id,
    name: p.name,
    baseVersion: p.version.number,
    savedDoc: p.version.document,
    doc: p.version.document,
    validation: validationOf(p),
  };
}

function validationOf(p: Pipeline<PipelineDocument>): ValidationState {
  return {
    problems: p.validation?.problems ?? [],
    fields: p.validation?.fields ?? {},
    checked: p.version.document,
    pending: false,
    error: null,
  };
}

export function pruneSelection(selection: Selection, doc: PipelineDocument): Selection {
  const nodes = new Set(nodesOf(doc).map((n) => n.id));
  const edges = new Set(edgesOf(doc).map(edgeId));
  const keptNodes = selection.nodes.filter((id) => nodes.has(id));
  const keptEdges = selection.edges.filter((id) => edges.has(id));
  return keptNodes.length === selection.nodes.length && keptEdges.length === selection.edges.length
    ? selection
    : { nodes: keptNodes, edges: keptEdges };
}
