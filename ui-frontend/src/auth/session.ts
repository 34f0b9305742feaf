import { useSyncExternalStore } from "react";

/** A user as the API shows it. */
export interface User {
  id: string;
  username: string;
  role: "viewer" | "editor" | "admin";
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** What `/api/auth/me` and a login answer. */
export interface Me {
  user: User;
  via: "session" | "token";
  csrfToken?: string;
  expiresAt?: string;
}

/**
 * Who is logged in, kept outside React so that the API client can read the CSRF token:
 * `unknown` until `/api/auth/me` answered, `anonymous` after a 401, else the user.
 */
export type SessionState =
  { status: "unknown" } | { status: "anonymous" } | { status: "user"; me: Me };

let state: SessionState = { status: "unknown" };
const listeners = new Set<() => void>();

export function sessionState(): SessionState {
  return state;
}

export function setSession(next: SessionState) {
  state = next;
  listeners.forEach((l) => l());
}

/** The CSRF token to send in `X-CSRF-Token` on writes, once logged in with a session. */
export function csrfToken(): string | undefined {
  return state.status === "user" ? state.me.csrfToken : undefined;
}

/** A 401 from any call: the session ended (expired, logged out elsewhere, password changed). */
export function sessionEnded() {
  if (state.status !== "anonymous") setSession({ status: "anonymous" });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, sessionState, sessionState);
}

/**
 * Whether the caller may change pipelines, runs and schedules. True while nobody is known (pages
 * rendered on their own, in tests): the server refuses what a viewer may not do anyway.
 */
export function useCanEdit(): boolean {
  const s = useSession();
  return s.status !== "user" || s.me.user.role !== "viewer";
}

export function useIsAdmin(): boolean {
  const s = useSession();
  return s.status === "user" && s.me.user.role === "admin";
}
