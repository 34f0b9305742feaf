import { useEffect, useRef } from 'react';
import { useDesignerStoreApi } from '../store/context';
import { redo, undo } from '../store/history';

/**
 * Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes, Ctrl/Cmd+S saves. Not while a dialog is
 * open: there the keys belong to the dialog's inputs.
 */
export function useDesignerShortcuts(onSave: () => void): void {
  const store = useDesignerStoreApi();
  const saveRef = useRef(onSave);
  useEffect(() => {
    saveRef.current = onSave;
  }, [onSave]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const inDialog = event.target instanceof Element && event.target.closest('[role="dialog"]') !== null;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        if (!inDialog) saveRef.current();
      } else if (inDialog) {
        return;
      } else if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        undo(store);
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        redo(store);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
