import { useCallback, useEffect, useState, type FormEvent } from "react";
import {
  authApi,
  type ApiToken,
  type AuditEntry,
  type AuditFilter,
} from "../api/auth";
import { ApiError } from "../api/client";
import type { User } from "../auth/session";

const ROLES: User["role"][] = ["viewer", "editor", "admin"];

function message(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}

/** Users, API tokens and the audit log, for admins. */
export function AdminPage() {
  return (
    <main className="page">
      <h1>Administration</h1>
      <UsersSection />
      <TokensSection />
      <AuditSection />
    </main>
  );
}

function UsersSection() {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<User["role"]>("viewer");
  const [password, setPassword] = useState("");

  const load = useCallback(() => {
    authApi.users().then(setUsers, (e: unknown) => setError(message(e)));
  }, []);
  useEffect(load, [load]);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await authApi.createUser({ username, role, password });
      setUsername("");
      setPassword("");
    });
  };

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>User</th>
            <th>Role</th>
            <th>State</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) =>
                    void act(() =>
                      authApi.updateUser(u.id, {
                        role: e.target.value as User["role"],
                      }),
                    )
                  }
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {u.disabled
                  ? "disabled"
                  : u.mustChangePassword
                    ? "must change password"
                    : "active"}
              </td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    void act(() =>
                      authApi.updateUser(u.id, { disabled: !u.disabled }),
                    )
                  }
                >
                  {u.disabled
                    ? `Enable ${u.username}`
                    : `Disable ${u.username}`}
                </button>{" "}
                <button
                  type="button"
                  onClick={() => {
                    const next = window.prompt(
                      `New password for ${u.username} (they must change it at the next login)`,
                    );
                    if (next) void act(() => authApi.resetPassword(u.id, next));
                  }}
                >
                  Reset password of {u.username}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        onSubmit={create}
        className="form form--inline"
        aria-label="New user"
      >
        <input
          aria-label="New user name"
          placeholder="user name"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <select
          aria-label="New user role"
          value={role}
          onChange={(e) => setRole(e.target.value as User["role"])}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <input
          aria-label="New user password"
          type="password"
          placeholder="password (8+ characters)"
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button type="submit">Create user</button>
      </form>
    </section>
  );
}

function TokensSection() {
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);

  const load = useCallback(() => {
    authApi.tokens(true).then(setTokens, (e: unknown) => setError(message(e)));
  }, []);
  useEffect(load, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await authApi.createToken(name);
      setSecret(created.secret);
      setName("");
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  const revoke = async (id: string) => {
    try {
      await authApi.revokeToken(id);
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {secret && (
        <p className="notice" role="status">
          New token (shown only now): <code>{secret}</code>
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Owner</th>
            <th>Prefix</th>
            <th>Last used</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.username}</td>
              <td>
                <code>{t.prefix}</code>
              </td>
              <td>{t.lastUsedAt ?? "never"}</td>
              <td>{t.revokedAt ? `revoked ${t.revokedAt}` : "active"}</td>
              <td>
                {!t.revokedAt && (
                  <button type="button" onClick={() => void revoke(t.id)}>
                    Revoke {t.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        onSubmit={create}
        className="form form--inline"
        aria-label="New token"
      >
        <input
          aria-label="Token name"
          placeholder="token name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
        />
        <button type="submit">Create token</button>
      </form>
    </section>
  );
}

function AuditSection() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | undefined>();
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((f: AuditFilter, append: boolean) => {
    authApi.audit(f).then(
      (page) => {
        setEntries((old) =>
          append ? [...old, ...page.entries] : page.entries,
        );
        setNextBefore(page.nextBefore);
      },
      (e: unknown) => setError(message(e)),
    );
  }, []);
  useEffect(() => load({}, false), [load]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    load(filter, false);
  };

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <form
        onSubmit={search}
        className="form form--inline"
        aria-label="Filter the audit log"
      >
        <input
          aria-label="Actor"
          placeholder="user"
          value={filter.actor ?? ""}
          onChange={(e) => setFilter({ ...filter, actor: e.target.value })}
        />
        <input
          aria-label="Action"
          placeholder="action (e.g. pipeline)"
          value={filter.action ?? ""}
          onChange={(e) => setFilter({ ...filter, action: e.target.value })}
        />
        <input
          aria-label="Target id"
          placeholder="target id"
          value={filter.targetId ?? ""}
          onChange={(e) => setFilter({ ...filter, targetId: e.target.value })}
        />
        <button type="submit">Search</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table className="table" aria-label="Audit entries">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Detail</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor ?? "anonymous"}</td>
              <td>{e.action}</td>
              <td>
                {e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}
              </td>
              <td>
                <code>{JSON.stringify(e.detail)}</code>
              </td>
              <td title={e.userAgent}>{e.remoteAddr}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextBefore !== undefined && (
        <button
          type="button"
          onClick={() => load({ ...filter, before: nextBefore }, true)}
        >
          Older entries
        </button>
      )}
    </section>
  );
}
