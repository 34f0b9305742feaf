/**
 * Field-name completion for SQL expression inputs: what the word under the caret is, which field
 * names it may start, and the text once one is taken. Pure, so the input component stays thin.
 */

export interface Completion {
  /** Where the word being typed starts and ends in the text. */
  start: number;
  end: number;
  /** The typed part of the word. */
  prefix: string;
  /** Field names that start with the prefix (case-insensitive), the exact-case ones first. */
  matches: string[];
}

const WORD = /[A-Za-z0-9_]/;

/**
 * The completion at `caret`, or null when the caret is not in a word that can name a field: inside a
 * string literal, right after a digit-only word, or with no field that fits.
 */
export function completionAt(text: string, caret: number, names: readonly string[]): Completion | null {
  if (names.length === 0) return null;
  let start = caret;
  while (start > 0 && WORD.test(text.charAt(start - 1))) start--;
  let end = caret;
  while (end < text.length && WORD.test(text.charAt(end))) end++;
  const prefix = text.slice(start, caret);
  if (prefix === '' || /^[0-9]/.test(prefix) || insideString(text, start)) return null;
  const lower = prefix.toLowerCase();
  const matches = names
    .filter((n) => n.toLowerCase().startsWith(lower) && n !== prefix)
    .sort((a, b) => Number(!a.startsWith(prefix)) - Number(!b.startsWith(prefix)) || a.localeCompare(b));
  return matches.length === 0 ? null : { start, end, prefix, matches };
}

/** The text with the word of `completion` replaced by `name`, and the caret after it. */
export function applyCompletion(text: string, completion: Completion, name: string): { text: string; caret: number } {
  return { text: text.slice(0, completion.start) + name + text.slice(completion.end), caret: completion.start + name.length };
}

/** Whether `index` is inside a single-quoted SQL string ('' is a quote inside one). */
function insideString(text: string, index: number): boolean {
  let open = false;
  for (let i = 0; i < index; i++) if (text[i] === "'") open = !open;
  return open;
}
