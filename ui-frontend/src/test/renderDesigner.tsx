import { render } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { NodeTypeDescriptor, Pipeline } from '../api/types';
import type { PipelineDocument } from '../model/document';
import { DesignerStoreContext } from '../store/context';
import { type DesignerStore, createDesignerStore } from '../store/designerStore';
import { NODE_TYPES, pipeline } from './fixtures';

/** Renders designer parts around a fresh store of `p`, as the designer page does. */
export function renderDesigner(
  ui: ReactNode,
  p: Pipeline<PipelineDocument> = pipeline(),
  nodeTypes: readonly NodeTypeDescriptor[] = NODE_TYPES,
): { store: DesignerStore } {
  const store = createDesignerStore(p, nodeTypes);
  render(
    <DesignerStoreContext.Provider value={store}>
      <ReactFlowProvider>{ui}</ReactFlowProvider>
    </DesignerStoreContext.Provider>,
  );
  return { store };
}
