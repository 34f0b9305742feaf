import { useRef, useState, type ReactElement } from 'react';
import { secretIsSet } from '../api/connections';
import type { ConfigFieldDescriptor, FieldView } from '../api/types';
import { useConnections } from '../hooks/useConnections';
import { useFieldDraft } from '../hooks/useFieldDraft';
import { formatValue, parseInput } from '../model/formValidation';
import { storedSecretProperties, withStored, type StoredSecretProperty } from '../model/secretProperties';
import { ExpressionInput } from './ExpressionInput';

interface Props {
  id: string;
  field: ConfigFieldDescriptor;
  value: unknown;
  invalid: boolean;
  describedBy?: string;
  /** The fields reaching the node, when the check knows them: offered for names and in expressions. */
  inputFields?: readonly FieldView[];
  /** The id of the field's label, for a control that is a group. */
  labelId?: string;
  onChange: (value: unknown) => void;
}

/** The control for one config field, chosen by its kind; the label is rendered by the caller. */
export function ConfigFieldControl(props: Props) {
  if (props.field.connectionKind) return <ConnectionSelect {...props} />;
  if (props.field.secret) return <SecretInput {...props} />;
  return <PlainControl {...props} />;
}

/**
 * A secret field: the backend never sends its value, only `{ set: true }` when one is stored. The
 * input starts empty; typing replaces the stored secret, emptying it again keeps the stored one, and
 * Remove drops it from the next version.
 */
function SecretInput({ id, field, value, invalid, describedBy, onChange }: Props) {
  const storedAtStart = useRef(secretIsSet(value));
  const typed = typeof value === 'string' ? value : '';
  const stored = secretIsSet(value);
  const state = typed !== '' ? 'new value, saved with the next version' : stored ? 'set' : 'not set';
  const statusId = `${id}-secret-state`;
  return (
    <div className="secret-input">
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        className="input"
        aria-invalid={invalid || undefined}
        aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
        aria-required={field.required || undefined}
        placeholder={stored ? 'Stored; type to replace' : undefined}
        value={typed}
        onChange={(e) => {
          const text = e.target.value;
          onChange(text !== '' ? text : storedAtStart.current ? { set: true } : undefined);
        }}
      />
      <span id={statusId} className="muted small" data-secret-state={typed !== '' ? 'new' : stored ? 'set' : 'not-set'}>
        {field.label}: {state}
      </span>
      {(stored || typed !== '') && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => {
            storedAtStart.current = false;
            onChange(undefined);
          }}
        >
          Remove
        </button>
      )}
    </div>
  );
}

/**
 * The secret properties stored for a property list: shown by key only (the backend never sends a
 * value). A line typed with the same key replaces one; Remove drops it from the next version.
 */
function StoredSecretList({ id, stored, onRemove }: { id: string; stored: readonly StoredSecretProperty[]; onRemove: (key: string) => void }) {
  return (
    <ul id={`${id}-stored-secrets`} className="secret-properties__stored" aria-label="Stored secret properties">
      {stored.map((s) => (
        <li key={s.key} data-secret-property={s.key}>
          <span className="mono">{s.key}</span> <span className="muted small">stored secret; type {s.key}=… to replace</span>{' '}
          <button type="button" className="button button--ghost button--small" aria-label={`Remove ${s.key}`} onClick={() => onRemove(s.key)}>
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A field that names a stored connection: a choice among the connections of its kind. */
function ConnectionSelect({ id, field, value, invalid, describedBy, onChange }: Props) {
  const connections = useConnections().filter((c) => c.kind === field.connectionKind);
  const current = typeof value === 'string' ? value : '';
  return (
    <select
      id={id}
      className="input select"
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      value={current}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      <option value="">None (fill in the fields below)</option>
      {connections.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
        </option>
      ))}
      {current !== '' && !connections.some((c) => c.name === current) && (
        <option value={current}>{current} (not found)</option>
      )}
    </select>
  );
}

function PlainControl({ id, field, value, invalid, describedBy, inputFields = [], labelId, onChange }: Props) {
  const format = (v: unknown) => formatValue(field, v);
  // A Kafka property list may hold stored secrets ({ key, set: true }): edited apart, kept as sent.
  // Those it held at the start stay known, so deleting a line that replaced one keeps it again.
  const [storedAtStart, setStoredAtStart] = useState(() => (field.kind === 'string-list' ? storedSecretProperties(value) : []));
  const stored = [
    ...storedAtStart,
    ...storedSecretProperties(value).filter((s) => !storedAtStart.some((t) => t.key === s.key)),
  ];
  const parse = (text: string) => (stored.length > 0 ? withStored(parseInput(field, text), stored) : parseInput(field, text));
  const [draft, setDraft] = useFieldDraft(value, format, parse);
  const common = {
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
  };
  const placeholder = field.defaultValue !== undefined && field.defaultValue !== null ? `Default: ${formatValue(field, field.defaultValue)}` : undefined;
  const text = (t: string) => onChange(setDraft(t));
  const withStoredList = (editor: ReactElement) =>
    stored.length === 0 ? (
      editor
    ) : (
      <div className="secret-properties">
        {editor}
        <StoredSecretList
          id={id}
          stored={stored}
          onRemove={(key) => {
            setStoredAtStart(storedAtStart.filter((s) => s.key !== key));
            onChange(withStored(parseInput(field, draft), stored.filter((s) => s.key !== key)));
          }}
        />
      </div>
    );

  if (field.inputFields && inputFields.length > 0 && field.kind === 'string') {
    const current = typeof value === 'string' ? value : '';
    return (
      <select {...common} className="input select" value={current} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">{field.required ? 'Choose a field…' : 'None'}</option>
        {inputFields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name} ({f.type})
          </option>
        ))}
        {current !== '' && !inputFields.some((f) => f.name === current) && <option value={current}>{current} (not in the input)</option>}
      </select>
    );
  }
  if (field.inputFields && inputFields.length > 0 && field.kind === 'string-list') {
    const chosen = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    const missing = chosen.filter((v) => !inputFields.some((f) => f.name === v));
    const toggle = (name: string, on: boolean) => {
      const next = on ? [...chosen, name] : chosen.filter((v) => v !== name);
      onChange(next.length === 0 ? undefined : next);
    };
    return (
      <div {...common} role="group" aria-labelledby={labelId} className="field-choices">
        {inputFields.map((f) => (
          <label key={f.name} className="field-choices__item">
            <input type="checkbox" className="checkbox" checked={chosen.includes(f.name)} onChange={(e) => toggle(f.name, e.target.checked)} />
            <span className="mono">{f.name}</span> <span className="muted small">{f.type}</span>
          </label>
        ))}
        {missing.map((name) => (
          <label key={name} className="field-choices__item text-bad">
            <input type="checkbox" className="checkbox" checked onChange={() => toggle(name, false)} />
            <span className="mono">{name}</span> <span className="small">not in the input</span>
          </label>
        ))}
      </div>
    );
  }

  switch (field.kind) {
    case 'boolean': {
      const checked = typeof value === 'boolean' ? value : field.defaultValue === true;
      return (
        <input
          {...common}
          type="checkbox"
          className="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    }
    case 'enum': {
      const current = typeof value === 'string' ? value : '';
      const known = field.allowedValues ?? [];
      return (
        <select {...common} className="input select" value={current} onChange={(e) => onChange(parseInput(field, e.target.value))}>
          <option value="">
            {field.defaultValue !== undefined ? `Default (${String(field.defaultValue)})` : field.required ? 'Choose…' : 'None'}
          </option>
          {known.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
          {current !== '' && !known.includes(current) && <option value={current}>{current} (not allowed)</option>}
        </select>
      );
    }
    case 'text':
    case 'expression':
    case 'string-list':
      if (inputFields.length > 0) {
        return withStoredList(
          <ExpressionInput
            id={id}
            className={`input textarea${field.kind === 'expression' ? ' mono' : ''}`}
            rows={field.kind === 'text' ? 4 : 3}
            spellCheck={field.kind === 'text'}
            placeholder={field.kind === 'string-list' ? 'One per line' : placeholder}
            value={draft}
            fields={inputFields}
            invalid={invalid}
            describedBy={describedBy}
            required={field.required}
            onText={text}
          />,
        );
      }
      return withStoredList(
        <textarea
          {...common}
          className={`input textarea${field.kind === 'expression' ? ' mono' : ''}`}
          rows={field.kind === 'text' ? 4 : 3}
          spellCheck={field.kind === 'text'}
          placeholder={field.kind === 'string-list' ? 'One per line' : placeholder}
          value={draft}
          onChange={(e) => text(e.target.value)}
        />,
      );
    case 'integer':
    case 'number':
      return (
        <input
          {...common}
          type="text"
          inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
          className="input"
          placeholder={placeholder}
          value={draft}
          onChange={(e) => text(e.target.value)}
        />
      );
    default:
      return (
        <input
          {...common}
          type={field.secret ? 'password' : 'text'}
          autoComplete={field.secret ? 'new-password' : 'off'}
          className={`input${field.kind === 'duration' ? ' mono' : ''}`}
          placeholder={placeholder}
          value={draft}
          onChange={(e) => text(e.target.value)}
        />
      );
  }
}
