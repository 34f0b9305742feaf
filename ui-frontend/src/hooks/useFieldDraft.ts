import { useState } from 'react';
import { canonicalJson } from '../model/document';

/**
 * The text an input shows for a stored value. The user's text stays as typed ("1." on the way to
 * "1.5", a trailing empty line in a list) while it still means the stored value; when the value
 * changes from elsewhere (undo, restore) the text follows it.
 */
export function useFieldDraft(
  value: unknown,
  format: (value: unknown) => string,
  parse: (text: string) => unknown,
): [string, (text: string) => unknown] {
  const [draft, setDraft] = useState(() => format(value));
  const [seen, setSeen] = useState(() => canonicalJson(value ?? null));

  const current = canonicalJson(value ?? null);
  if (current !== seen) {
    setSeen(current);
    if (canonicalJson(parse(draft) ?? null) !== current) setDraft(format(value));
  }

  const update = (text: string) => {
    setDraft(text);
    const parsed = parse(text);
    setSeen(canonicalJson(parsed ?? null));
    return parsed;
  };
  return [draft, update];
}
