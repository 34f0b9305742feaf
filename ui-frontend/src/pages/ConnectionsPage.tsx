import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { connectionsApi, secretIsSet } from '../api/connections';
import type { Connection, ConnectionKindDescriptor } from '../api/types';
import { ProblemNotice } from '../components/ProblemNotice';
import { ConfigFieldControl } from '../designer/ConfigFieldControl';
import { asApiError } from '../store/notices';

type Editing = { mode: 'create' } | { mode: 'edit'; connection: Connection } | null;

/**
 * Stored connections (PostgreSQL, Kafka, S3) that nodes name instead of carrying credentials: list,
 * create, edit, test, delete. A secret is never shown: its input starts empty, and leaving it empty
 * keeps the stored value.
 */
export function ConnectionsPage() {
  const [kinds, setKinds] = useState<ConnectionKindDescriptor[]>([]);
  const [connections, setConnections] = useState<Connection[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [tests, setTests] = useState<Record<string, string>>({});

  const reload = useCallback(() => {
    connectionsApi
      .list()
      .then(setConnections)
      .catch((e: unknown) => setError(asApiError(e)));
  }, []);

  useEffect(() => {
    connectionsApi
      .kinds()
      .then(setKinds)
      .catch((e: unknown) => setError(asApiError(e)));
    reload();
  }, [reload]);

  const test = async (name: string) => {
    setTests((t) => ({ ...t, [name]: 'Testing…' }));
    try {
      const result = await connectionsApi.test(name);
      setTests((t) => ({ ...t, [name]: `${result.ok ? 'OK' : 'Failed'}: ${result.message}` }));
    } catch (e) {
      setTests((t) => ({ ...t, [name]: asApiError(e).message }));
    }
  };

  const remove = async (name: string) => {
    try {
      await connectionsApi.remove(name);
      setError(null);
      reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1>Connections</h1>
          <p className="muted">Databases, brokers and stores that nodes connect to. Secrets are stored encrypted and never shown.</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setEditing({ mode: 'create' })}>
          New connection
        </button>
      </div>
      {error && <ProblemNotice error={error} onDismiss={() => setError(null)} />}
      {editing && (
        <ConnectionForm
          kinds={kinds}
          editing={editing}
          onDone={() => {
            setEditing(null);
            reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <table className="table" aria-label="Connections">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Description</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {connections.map((c) => (
            <tr key={c.name}>
              <td>{c.name}</td>
              <td>{c.kind}</td>
              <td>{c.description}</td>
              <td>
                <button type="button" className="button button--ghost" onClick={() => setEditing({ mode: 'edit', connection: c })}>
                  Edit {c.name}
                </button>
                {c.kind !== 's3' && (
                  <button type="button" className="button button--ghost" onClick={() => void test(c.name)}>
                    Test {c.name}
                  </button>
                )}
                <button type="button" className="button button--ghost" onClick={() => void remove(c.name)}>
                  Delete {c.name}
                </button>
                <span role="status" aria-label={`Test of ${c.name}`}>
                  {tests[c.name] ?? ''}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

function ConnectionForm({
  kinds,
  editing,
  onDone,
  onCancel,
}: {
  kinds: ConnectionKindDescriptor[];
  editing: Exclude<Editing, null>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const existing = editing.mode === 'edit' ? editing.connection : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [kindName, setKindName] = useState(existing?.kind ?? kinds[0]?.name ?? 'postgres');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [values, setValues] = useState<Record<string, unknown>>(() => {
    const plain: Record<string, unknown> = {};
    Object.entries(existing?.config ?? {}).forEach(([k, v]) => {
      if (!(typeof v === 'object' && v !== null && 'set' in v)) plain[k] = v;
    });
    return plain;
  });
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const kind = kinds.find((k) => k.name === kindName);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const config: Record<string, unknown> = { ...values };
    for (const field of kind?.fields ?? []) {
      if (!field.secret) continue;
      const typed = secrets[field.name] ?? '';
      if (typed !== '') config[field.name] = typed;
      else if (existing && secretIsSet(existing.config[field.name])) config[field.name] = { set: true };
    }
    try {
      if (existing) await connectionsApi.update(existing.name, { description, config });
      else await connectionsApi.create({ name, kind: kindName, description, config });
      onDone();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <form className="card" aria-label={existing ? `Edit ${existing.name}` : 'New connection'} onSubmit={(e) => void submit(e)}>
      {error && <ProblemNotice error={error} onDismiss={() => setError(null)} />}
      <label className="field">
        <span>Name</span>
        <input className="input" value={name} disabled={existing !== null} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Kind</span>
        <select className="input select" value={kindName} disabled={existing !== null} onChange={(e) => setKindName(e.target.value)}>
          {kinds.map((k) => (
            <option key={k.name} value={k.name}>
              {k.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Description</span>
        <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {kind?.fields.map((field) => {
        const id = `connection-${field.name}`;
        if (field.secret) {
          const stored = existing !== null && secretIsSet(existing.config[field.name]);
          return (
            <div className="field" key={field.name}>
              <label htmlFor={id}>{field.label}</label>
              {field.kind === 'text' ? (
                <textarea
                  id={id}
                  className="input textarea mono"
                  autoComplete="off"
                  placeholder={stored ? 'Stored; type to replace' : undefined}
                  value={secrets[field.name] ?? ''}
                  onChange={(e) => setSecrets((s) => ({ ...s, [field.name]: e.target.value }))}
                />
              ) : (
                <input
                  id={id}
                  type="password"
                  className="input"
                  autoComplete="new-password"
                  placeholder={stored ? 'Stored; type to replace' : undefined}
                  value={secrets[field.name] ?? ''}
                  onChange={(e) => setSecrets((s) => ({ ...s, [field.name]: e.target.value }))}
                />
              )}
            </div>
          );
        }
        return (
          <div className="field" key={field.name}>
            <label htmlFor={id}>{field.label}</label>
            <ConfigFieldControl
              id={id}
              field={field}
              value={values[field.name]}
              invalid={false}
              onChange={(v) =>
                setValues((old) => {
                  const next = { ...old };
                  if (v === undefined) delete next[field.name];
                  else next[field.name] = v;
                  return next;
                })
              }
            />
          </div>
        );
      })}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary">
          Save connection
        </button>
      </div>
    </form>
  );
}
