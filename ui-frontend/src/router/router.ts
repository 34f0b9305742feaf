/**
 * Browser-history routing for the pages, `/`, `/pipelines/<id>` (designer), `/monitor` (overview),
 * `/pipelines/<id>/monitor` (dashboard) and `/pipelines/<id>/dead-letters`, with a guard that may refuse to leave (unsaved changes).
 * Small enough not to need a router library.
 */

export type Route =
  | { page: 'pipelines' }
  | { page: 'designer'; pipelineId: string }
  | { page: 'monitor' }
  | { page: 'connections' }
  | { page: 'dashboard'; pipelineId: string }
  | { page: 'dead-letters'; pipelineId: string }
  | { page: 'admin' }
  | { page: 'login' }
  | { page: 'account' }
  | { page: 'not-found'; path: string };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/pipelines' || pathname === '/pipelines/') {
    return { page: 'pipelines' };
  }
  if (pathname === '/monitor' || pathname === '/monitor/') return { page: 'monitor' };
  if (pathname === '/connections' || pathname === '/connections/') return { page: 'connections' };
  if (pathname === '/admin' || pathname === '/admin/') return { page: 'admin' };
  if (pathname === '/login' || pathname === '/login/') return { page: 'login' };
  if (pathname === '/account' || pathname === '/account/') return { page: 'account' };
  const d = /^\/pipelines\/([^/]+)\/monitor\/?$/.exec(pathname);
  if (d && d[1]) return { page: 'dashboard', pipelineId: decodeURIComponent(d[1]) };
  const m = /^\/pipelines\/([^/]+)\/?$/.exec(pathname);
  if (m && m[1]) return { page: 'designer', pipelineId: decodeURIComponent(m[1]) };
  const dl = /^\/pipelines\/([^/]+)\/dead-letters\/?$/.exec(pathname);
  if (dl && dl[1]) return { page: 'dead-letters', pipelineId: decodeURIComponent(dl[1]) };
  return { page: 'not-found', path: pathname };
}

export function designerPath(pipelineId: string): string {
  return `/pipelines/${encodeURIComponent(pipelineId)}`;
}

export function dashboardPath(pipelineId: string): string {
  return `/pipelines/${encodeURIComponent(pipelineId)}/monitor`;
}

export function deadLettersPath(pipelineId: string): string {
  return `${designerPath(pipelineId)}/dead-letters`;
}

/** Returns a question to ask before leaving, or null to leave freely. */
export type LeaveGuard = () => string | null;

type Listener = () => void;

const listeners = new Set<Listener>();
const guards = new Set<LeaveGuard>();
let current = typeof window === 'undefined' ? '/' : window.location.pathname;
let listening = false;

function notify() {
  current = window.location.pathname;
  listeners.forEach((l) => l());
}

function ensureListening() {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('popstate', () => {
    const question = pendingQuestion();
    if (question && !window.confirm(question)) {
      // Undo the browser's move: put the page we are on back on top.
      window.history.pushState(null, '', current);
      return;
    }
    notify();
  });
}

function pendingQuestion(): string | null {
  for (const guard of guards) {
    const q = guard();
    if (q) return q;
  }
  return null;
}

export function subscribeLocation(listener: Listener): () => void {
  ensureListening();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentPath(): string {
  return current;
}

/** Goes to `path` unless a guard's question is declined. Returns whether it went. */
export function navigate(path: string, options: { replace?: boolean; force?: boolean } = {}): boolean {
  if (path === current) return true;
  if (!options.force) {
    const question = pendingQuestion();
    if (question && !window.confirm(question)) return false;
  }
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
  return true;
}

export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}
