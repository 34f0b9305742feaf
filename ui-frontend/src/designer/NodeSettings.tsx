import { useEffect, useMemo, useState } from 'react';
import type { ConfigFieldDescriptor, NodeTypeDescriptor, Problem } from '../api/types';
import { useDesigner } from '../hooks/useDesigner';
import { type DocNode, canonicalJson, nodesOf } from '../model/document';
import { validateField, validateNodeName } from '../model/formValidation';
import { inputFieldsOf } from '../model/inputFields';
import { problemTarget } from '../model/problems';
import { useDesignerStoreApi } from '../store/context';
import { selectProblemsByNode } from '../store/selectors';
import { ConfigFieldControl } from './ConfigFieldControl';
import { ConnectionCheck } from './ConnectionCheck';
import { inputId } from './inputIds';
import { RoleIcon } from './RoleIcon';

/** The side panel: a form generated from the selected node's descriptor. */
export function NodeSettings() {
  const selection = useDesigner((s) => s.selection);
  const doc = useDesigner((s) => s.doc);
  const selected = selection.nodes.length === 1 ? nodesOf(doc).find((n) => n.id === selection.nodes[0]) : undefined;

  return (
    <section className="side-panel" aria-label="Node settings">
      <div className="panel-title">Node settings</div>
      {selected ? (
        <NodeForm key={selected.id} node={selected} />
      ) : (
        <div className="side-panel__empty muted">
          {selection.nodes.length > 1 ? (
            <p>{selection.nodes.length} nodes selected. Press Delete to remove them.</p>
          ) : (
            <p>Select a node to edit its settings.</p>
          )}
          <dl className="shortcuts">
            <dt>Add a node</dt>
            <dd>Drag from the palette, or focus it and press Enter</dd>
            <dt>Connect</dt>
            <dd>Drag from an output handle to an input handle</dd>
            <dt>Select several</dt>
            <dd>Shift+click, or Shift+drag a box</dd>
            <dt>Delete</dt>
            <dd>
              <kbd>Delete</kbd> or <kbd>Backspace</kbd>
            </dd>
            <dt>Undo / redo</dt>
            <dd>
              <kbd>Ctrl</kbd>+<kbd>Z</kbd> / <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd>
            </dd>
            <dt>Save</dt>
            <dd>
              <kbd>Ctrl</kbd>+<kbd>S</kbd>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}

function NodeForm({ node }: { node: DocNode }) {
  const store = useDesignerStoreApi();
  const descriptor = useDesigner((s) => s.nodeTypes[node.type]);
  const pipelineId = useDesigner((s) => s.pipelineId);
  const problems = useDesigner((s) => selectProblemsByNode(s).get(node.id));
  const checkedNode = useDesigner((s) => nodesOf(s.validation.checked).find((n) => n.id === node.id));
  const focusRequest = useDesigner((s) => s.focusRequest);
  const doc = useDesigner((s) => s.doc);
  const [touched, setTouched] = useState<Record<string, boolean>>({});

  const fieldProblems = useMemo(() => {
    const byField: Record<string, Problem[]> = {};
    const general: Problem[] = [];
    for (const p of problems ?? []) {
      const field = problemTarget(p, doc).field;
      // A problem about a value the user has changed since the check is not repeated under it.
      if (field && changedSinceCheck(node, checkedNode, field)) continue;
      if (field) (byField[field] ??= []).push(p);
      else general.push(p);
    }
    return { byField, general };
  }, [problems, doc, node, checkedNode]);

  useEffect(() => {
    if (!focusRequest || focusRequest.nodeId !== node.id) return;
    const el = document.getElementById(inputId(node.id, focusRequest.field));
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest' });
    store.getState().focusDone(focusRequest.seq);
  }, [focusRequest, node.id, store]);

  const touch = (name: string) => setTouched((t) => (t[name] ? t : { ...t, [name]: true }));
  const nameId = inputId(node.id, 'name');
  const nameMessage = validateNodeName(node.name ?? '') ?? fieldProblems.byField.name?.[0]?.message ?? null;

  return (
    <form className="form node-form" onSubmit={(e) => e.preventDefault()} noValidate>
      <div className="node-form__type">
        <RoleIcon role={descriptor?.role ?? 'unknown'} />
        <div>
          <div className="node-form__title">{descriptor?.title ?? node.type}</div>
          <div className="muted small">
            id <code>{node.id}</code>
          </div>
        </div>
      </div>
      {descriptor?.description && <p className="muted small">{descriptor.description}</p>}
      {!descriptor && <p className="text-bad small">This Sluice has no node type “{node.type}”.</p>}

      <div className="field">
        <label className="field__label" htmlFor={nameId}>
          Node name
        </label>
        <input
          id={nameId}
          className="input"
          value={node.name ?? ''}
          placeholder={node.id}
          maxLength={200}
          aria-invalid={nameMessage ? true : undefined}
          aria-describedby={nameMessage ? `${nameId}-message` : undefined}
          onChange={(e) =>
            store.getState().apply([{ type: 'rename-node', id: node.id, name: e.target.value }], { key: `${node.id}.name` })
          }
        />
        {nameMessage && (
          <p id={`${nameId}-message`} className="field__message">
            {nameMessage}
          </p>
        )}
      </div>

      {descriptor && (
        <ConfigFields
          node={node}
          descriptor={descriptor}
          touched={touched}
          onTouch={touch}
          problemsByField={fieldProblems.byField}
        />
      )}

      {descriptor?.connectionCheck && <ConnectionCheck node={node} pipelineId={pipelineId} />}

      {fieldProblems.general.length > 0 && (
        <div className="node-form__problems">
          {fieldProblems.general.map((p, i) => (
            <p key={i} className="field__message">
              {p.message}
            </p>
          ))}
        </div>
      )}
    </form>
  );
}

function ConfigFields({
  node,
  descriptor,
  touched,
  onTouch,
  problemsByField,
}: {
  node: DocNode;
  descriptor: NodeTypeDescriptor;
  touched: Record<string, boolean>;
  onTouch: (name: string) => void;
  problemsByField: Record<string, Problem[]>;
}) {
  const groups = useMemo(() => {
    const out: { name: string | null; fields: ConfigFieldDescriptor[] }[] = [];
    for (const f of descriptor.fields) {
      const g = f.group ?? null;
      let group = out.find((x) => x.name === g);
      if (!group) out.push((group = { name: g, fields: [] }));
      group.fields.push(f);
    }
    // Fields without a group are the main ones: first.
    return out.sort((a, b) => Number(a.name !== null) - Number(b.name !== null));
  }, [descriptor]);

  return (
    <>
      {groups.map((g) => (
        <fieldset key={g.name ?? ''} className="fieldset">
          {g.name && <legend>{g.name}</legend>}
          {g.fields.map((f) => (
            <ConfigFieldRow
              key={f.name}
              node={node}
              field={f}
              touched={touched[f.name] === true}
              onTouch={() => onTouch(f.name)}
              problems={problemsByField[f.name]}
            />
          ))}
        </fieldset>
      ))}
    </>
  );
}

function ConfigFieldRow({
  node,
  field,
  touched,
  onTouch,
  problems,
}: {
  node: DocNode;
  field: ConfigFieldDescriptor;
  touched: boolean;
  onTouch: () => void;
  problems?: Problem[];
}) {
  const store = useDesignerStoreApi();
  const doc = useDesigner((s) => s.doc);
  const checkedFields = useDesigner((s) => s.validation.fields);
  const inputFields = useMemo(() => inputFieldsOf(doc, checkedFields, node.id), [doc, checkedFields, node.id]);
  const value = node.config?.[field.name];
  const id = inputId(node.id, field.name);
  const local = validateField(field, value);
  // "Required" waits until the user changed the field (the backend's own problem shows meanwhile);
  // other messages show at once. Not on blur: a message appearing then would move the control
  // the user is clicking next.
  const missing = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  const showLocal = local !== null && (!missing || touched);
  const message = showLocal ? local : (problems?.[0]?.message ?? null);
  const messageId = `${id}-message`;
  const helpId = `${id}-help`;
  const describedBy = [message ? messageId : null, field.help ? helpId : null].filter(Boolean).join(' ') || undefined;

  const onChange = (next: unknown) => {
    onTouch();
    store
      .getState()
      .apply([{ type: 'set-config', id: node.id, field: field.name, value: next }], { key: `${node.id}.config.${field.name}` });
  };

  const control = (
    <ConfigFieldControl
      id={id}
      field={field}
      value={value}
      invalid={message !== null}
      describedBy={describedBy}
      inputFields={inputFields}
      labelId={`${id}-label`}
      onChange={onChange}
    />
  );

  return (
    <div className={`field${field.kind === 'boolean' ? ' field--inline' : ''}${message ? ' has-error' : ''}`}>
      {field.kind === 'boolean' ? (
        <div className="field__checkbox">
          {control}
          <label className="field__label" htmlFor={id}>
            {field.label}
          </label>
        </div>
      ) : (
        <>
          <div className="field__label-row">
            <label className="field__label" htmlFor={id} id={`${id}-label`}>
              {field.label}
            </label>
            {field.required && (
              <span className="field__required" title="Required" aria-hidden="true">
                *
              </span>
            )}
          </div>
          {control}
        </>
      )}
      {message && (
        <p id={messageId} className="field__message">
          {message}
        </p>
      )}
      {field.help && (
        <p id={helpId} className="field__help" title={field.help}>
          {field.help}
        </p>
      )}
    </div>
  );
}

function changedSinceCheck(node: DocNode, checked: DocNode | undefined, field: string): boolean {
  if (!checked) return true;
  const value = (n: DocNode) => (field === 'name' ? (n.name ?? null) : (n.config?.[field] ?? null));
  return canonicalJson(value(node)) !== canonicalJson(value(checked));
}
