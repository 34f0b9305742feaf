import { call } from './client';
import type { Connection, ConnectionCheckResult, ConnectionKindDescriptor } from './types';

/** What a save sends for a secret field: a new value, `{ set: true }` to keep it, or null to clear. */
export type SecretInput = string | { set: true } | null;

export interface ConnectionRequest {
  name?: string;
  kind?: string;
  description?: string;
  config: Record<string, unknown>;
}

const path = (name: string) => `/api/connections/${encodeURIComponent(name)}`;

export const connectionsApi = {
  kinds: (signal?: AbortSignal) => call<ConnectionKindDescriptor[]>('GET', '/api/connection-kinds', undefined, signal),
  list: (signal?: AbortSignal) => call<Connection[]>('GET', '/api/connections', undefined, signal),
  create: (request: ConnectionRequest) => call<Connection>('POST', '/api/connections', request),
  update: (name: string, request: ConnectionRequest) => call<Connection>('PUT', path(name), request),
  remove: (name: string) => call<void>('DELETE', path(name)),
  test: (name: string) => call<ConnectionCheckResult>('POST', `${path(name)}/test`),
};

/** Whether the API says a secret field holds a value. */
export function secretIsSet(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { set?: unknown }).set === true;
}
