import type { Me, User } from "../auth/session";
import { call } from "./client";

export interface ApiToken {
  id: string;
  userId: string;
  username: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId?: string;
  actor?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  detail: Record<string, unknown>;
  remoteAddr?: string;
  userAgent?: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  before?: number;
}

/** Users, tokens, the audit log and one's own session. */
export const authApi = {
  me: (signal?: AbortSignal) =>
    call<Me>("GET", "/api/auth/me", undefined, signal),
  login: (username: string, password: string) =>
    call<Me>("POST", "/api/auth/login", { username, password }),
  logout: () => call<void>("POST", "/api/auth/logout"),
  changePassword: (currentPassword: string, newPassword: string) =>
    call<Me>("POST", "/api/auth/password", { currentPassword, newPassword }),
  users: (signal?: AbortSignal) =>
    call<User[]>("GET", "/api/users", undefined, signal),
  createUser: (body: {
    username: string;
    role: User["role"];
    password: string;
  }) => call<User>("POST", "/api/users", body),
  updateUser: (id: string, body: { role?: User["role"]; disabled?: boolean }) =>
    call<User>("PATCH", `/api/users/${encodeURIComponent(id)}`, body),
  resetPassword: (id: string, password: string) =>
    call<User>("POST", `/api/users/${encodeURIComponent(id)}/password`, {
      password,
    }),
  tokens: (all: boolean, signal?: AbortSignal) =>
    call<ApiToken[]>(
      "GET",
      all ? "/api/tokens?all=true" : "/api/tokens",
      undefined,
      signal,
    ),
  createToken: (name: string, expiresInDays?: number) =>
    call<{ token: ApiToken; secret: string }>(
      "POST",
      "/api/tokens",
      expiresInDays ? { name, expiresInDays } : { name },
    ),
  revokeToken: (id: string) =>
    call<ApiToken>("DELETE", `/api/tokens/${encodeURIComponent(id)}`),
  audit: (filter: AuditFilter, signal?: AbortSignal) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter))
      if (v !== undefined && v !== "") q.set(k, String(v));
    const qs = q.toString();
    return call<{ entries: AuditEntry[]; nextBefore?: number }>(
      "GET",
      `/api/audit${qs ? `?${qs}` : ""}`,
      undefined,
      signal,
    );
  },
};
