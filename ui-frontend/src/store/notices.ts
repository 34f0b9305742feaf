import { create } from 'zustand';
import { ApiError } from '../api/client';

export interface Notice {
  id: number;
  error: ApiError;
}

interface NoticesState {
  notices: Notice[];
  push(error: unknown): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Failed calls that have no better place to be shown; they stay until dismissed. */
export const useNotices = create<NoticesState>()((set) => ({
  notices: [],
  push: (error) =>
    set((s) => ({ notices: [...s.notices.slice(-4), { id: nextId++, error: asApiError(error) }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, { title: 'Unexpected error', detail: error instanceof Error ? error.message : String(error) });
}

/** Reports a failure to the user. */
export function reportError(error: unknown): void {
  useNotices.getState().push(error);
}
