import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import type { FieldView } from '../api/types';
import { type Completion, applyCompletion, completionAt } from '../model/completion';

interface Props {
  id: string;
  value: string;
  fields: readonly FieldView[];
  rows: number;
  className: string;
  placeholder?: string;
  spellCheck?: boolean;
  invalid?: boolean;
  describedBy?: string;
  required?: boolean;
  onText: (text: string) => void;
}

/**
 * A textarea for SQL expressions that offers the input's field names while a word is typed:
 * ArrowUp/ArrowDown choose, Enter or Tab take the name, Escape closes the list; a click takes one too.
 */
export function ExpressionInput({ id, value, fields, rows, className, placeholder, spellCheck, invalid, describedBy, required, onText }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const caretAfter = useRef<number | null>(null);
  const names = fields.map((f) => f.name);
  const listId = `${id}-completions`;

  useLayoutEffect(() => {
    if (caretAfter.current !== null && ref.current) {
      ref.current.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  });

  const look = (text: string, caret: number | null) => {
    setCompletion(caret === null ? null : completionAt(text, caret, names));
    setActive(0);
  };

  const take = (name: string) => {
    if (!completion) return;
    const next = applyCompletion(value, completion, name);
    caretAfter.current = next.caret;
    onText(next.text);
    setCompletion(null);
    ref.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!completion) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = completion.matches.length;
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      take(completion.matches[active] ?? completion.matches[0] ?? '');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setCompletion(null);
    }
  };

  const typeOf = (name: string) => fields.find((f) => f.name === name)?.type;

  return (
    <div className="completing">
      <textarea
        ref={ref}
        id={id}
        className={className}
        rows={rows}
        spellCheck={spellCheck}
        placeholder={placeholder}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        aria-autocomplete="list"
        aria-controls={completion ? listId : undefined}
        aria-expanded={completion !== null}
        aria-activedescendant={completion ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onText(e.target.value);
          look(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setCompletion(null)}
      />
      {completion && (
        <ul id={listId} role="listbox" aria-label="Field names" className="completions">
          {completion.matches.map((name, i) => (
            <li
              key={name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`completions__item${i === active ? ' is-active' : ''}`}
              // Before the textarea's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                take(name);
              }}
            >
              <span className="mono">{name}</span>
              <span className="muted small">{typeOf(name)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
