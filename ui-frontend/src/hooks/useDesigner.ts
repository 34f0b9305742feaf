import { useStore } from 'zustand';
import type { DesignerState } from '../store/designerStore';
import { useDesignerStoreApi } from '../store/context';

/** Reads a slice of the open pipeline's store; re-renders when the slice changes. */
export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  return useStore(useDesignerStoreApi(), selector);
}
