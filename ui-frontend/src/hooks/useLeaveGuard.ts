import { useEffect } from 'react';
import { addLeaveGuard } from '../router/router';

/**
 * While `question` is non-null, asks it before leaving the page: in-app navigation asks with a
 * confirm dialog, closing or reloading the tab through the browser's own prompt.
 */
export function useLeaveGuard(question: string | null): void {
  useEffect(() => {
    if (!question) return;
    const remove = addLeaveGuard(() => question);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = question;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      remove();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [question]);
}
