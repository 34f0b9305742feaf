import { createContext, useContext } from 'react';
import type { DesignerStore } from './designerStore';

export const DesignerStoreContext = createContext<DesignerStore | null>(null);

export function useDesignerStoreApi(): DesignerStore {
  const store = useContext(DesignerStoreContext);
  if (!store) throw new Error('useDesignerStoreApi outside a DesignerStoreContext provider');
  return store;
}
