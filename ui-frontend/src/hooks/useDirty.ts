import { useMemo } from 'react';
import { sameDocument } from '../model/document';
import { useDesigner } from './useDesigner';

/** Whether the document differs from the version it was loaded or last saved as. */
export function useDirty(): boolean {
  const doc = useDesigner((s) => s.doc);
  const saved = useDesigner((s) => s.savedDoc);
  return useMemo(() => doc !== saved && !sameDocument(doc, saved), [doc, saved]);
}
