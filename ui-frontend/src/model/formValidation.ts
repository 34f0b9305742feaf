import { secretIsSet } from '../api/connections';
import type { ConfigFieldDescriptor } from '../api/types';
import type { DocNode } from './document';
import { plainLines } from './secretProperties';

/**
 * Client-side checks of config values against their descriptor, for messages while typing. The
 * backend's validator stays the judge (its problems show in the problems panel); these only
 * catch what a descriptor says directly: required, number kind and bounds, enum, duration, lists.
 */
export function validateField(field: ConfigFieldDescriptor, value: unknown): string | null {
  if (isMissing(value)) {
    return field.required && field.defaultValue === undefined ? `${field.label} is required` : null;
  }
  if (field.secret && secretIsSet(value)) return null; // stored on the server, never sent here
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : Number.NaN;
      if (!Number.isFinite(n)) return field.kind === 'integer' ? 'Enter a whole number' : 'Enter a number';
      if (field.kind === 'integer' && !Number.isInteger(n)) return 'Enter a whole number';
      if (field.min !== undefined && n < field.min) return `Must be at least ${field.min}`;
      if (field.max !== undefined && n > field.max) return `Must be at most ${field.max}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Must be true or false';
    case 'enum': {
      const allowed = field.allowedValues ?? [];
      return typeof value === 'string' && allowed.includes(value) ? null : `Choose one of ${allowed.join(', ')}`;
    }
    case 'duration':
      return typeof value === 'string' && isDuration(value) ? null : 'Enter a duration such as 500ms, 30s, 5m, 1h or 1d';
    case 'string-list': {
      if (!Array.isArray(value)) return 'Enter one value per line';
      // Stored secret properties ({ key, set: true }) are kept on the server, never sent here.
      const lines = plainLines(value);
      if (!lines.every((v) => typeof v === 'string')) return 'Enter one value per line';
      if (lines.some((v) => v.trim() === '')) return 'Lines must not be blank';
      return null;
    }
    default:
      if (typeof value !== 'string') return 'Enter text';
      if (field.required && value.trim() === '') return `${field.label} is required`;
      return null;
  }
}

/** Messages per config field name, for the fields that have one. */
export function validateConfig(fields: readonly ConfigFieldDescriptor[], node: DocNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const message = validateField(f, node.config?.[f.name]);
    if (message) out[f.name] = message;
  }
  return out;
}

export function validateNodeName(name: string): string | null {
  if (name.length > 200) return 'Keep the name under 200 characters';
  return null;
}

const DURATION = /^\d+(ms|s|m|h|d)$/;
const ISO_DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i;

export function isDuration(text: string): boolean {
  const t = text.trim();
  return DURATION.test(t) || ISO_DURATION.test(t);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * What the form writes for raw input. Numbers that do not parse are kept as typed text, so the
 * document shows what the user wrote and both the form and the backend say what is wrong.
 */
export function parseInput(field: ConfigFieldDescriptor, raw: string | boolean): unknown {
  if (typeof raw === 'boolean') return raw;
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const t = raw.trim();
      if (t === '') return undefined;
      const n = Number(t);
      return Number.isFinite(n) ? n : raw;
    }
    case 'string-list': {
      const items = raw.split('\n').map((s) => s.trim()).filter((s) => s !== '');
      return items.length === 0 ? undefined : items;
    }
    case 'enum':
      return raw === '' ? undefined : raw;
    default:
      return raw === '' ? undefined : raw;
  }
}

/** The text an input shows for a stored value. */
export function formatValue(field: ConfigFieldDescriptor, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'string-list' && Array.isArray(value)) return plainLines(value).join('\n');
  return String(value);
}
