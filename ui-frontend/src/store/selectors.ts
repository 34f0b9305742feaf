import type { Problem } from '../api/types';
import type { PipelineDocument } from '../model/document';
import { problemsByNode } from '../model/problems';
import type { DesignerState } from './designerStore';

/** Memoizes a derivation on the identity of its inputs, so that many components can share it. */
function memo2<A extends object, B extends object, R>(derive: (a: A, b: B) => R): (a: A, b: B) => R {
  let lastA: A | undefined;
  let lastB: B | undefined;
  let last: R | undefined;
  return (a, b) => {
    if (a !== lastA || b !== lastB || last === undefined) {
      last = derive(a, b);
      lastA = a;
      lastB = b;
    }
    return last;
  };
}

const problemsByNodeMemo = memo2((problems: Problem[], doc: PipelineDocument) => problemsByNode(problems, doc));

/** The backend's problems per node id. */
export function selectProblemsByNode(state: DesignerState): Map<string, Problem[]> {
  return problemsByNodeMemo(state.validation.problems, state.doc);
}

export function selectProblemCount(state: DesignerState, nodeId: string): number {
  return selectProblemsByNode(state).get(nodeId)?.length ?? 0;
}
