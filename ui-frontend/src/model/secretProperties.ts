/**
 * Secret Kafka properties in a node's property list (`consumerProperties`, `producerProperties`).
 * The backend seals each entry whose key is a credential (`sasl.jaas.config`, `ssl.key.password`,
 * …) and sends it back as `{ key, set: true }` instead of `key=value`. The list editor shows those
 * apart from the lines it edits; sending one back keeps the stored value, typing a line with the
 * same key replaces it, and leaving it out removes it.
 */
export interface StoredSecretProperty {
  key: string;
  set: true;
}

export function isStoredSecretProperty(value: unknown): value is StoredSecretProperty {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    (value as { set?: unknown }).set === true
  );
}

/** The stored secret entries of a list value (none for anything that is not a list). */
export function storedSecretProperties(value: unknown): StoredSecretProperty[] {
  return Array.isArray(value) ? value.filter(isStoredSecretProperty) : [];
}

/** The plain lines of a list value, without its stored secret entries. */
export function plainLines(value: unknown[]): unknown[] {
  return value.filter((v) => !isStoredSecretProperty(v));
}

/** The key of a `key=value` line, or null. */
export function propertyKey(line: string): string | null {
  const eq = line.indexOf('=');
  const key = eq < 0 ? '' : line.slice(0, eq).trim();
  return key === '' ? null : key;
}

/**
 * The list to save: the typed lines, then the stored entries whose key no line sets (a typed line
 * replaces the stored value). Undefined when both are empty.
 */
export function withStored(lines: unknown, stored: readonly StoredSecretProperty[]): unknown[] | undefined {
  const typed = Array.isArray(lines) ? lines : [];
  const typedKeys = new Set(typed.map((l) => (typeof l === 'string' ? propertyKey(l) : null)).filter((k) => k !== null));
  const kept = stored.filter((s) => !typedKeys.has(s.key));
  const all = [...typed, ...kept];
  return all.length === 0 ? undefined : all;
}
