import { describe, expect, it } from 'vitest';
import type { ConfigFieldDescriptor } from '../api/types';
import { formatValue, isDuration, parseInput, validateField } from './formValidation';

const field = (over: Partial<ConfigFieldDescriptor>): ConfigFieldDescriptor => ({
  name: 'x',
  label: 'Thing',
  kind: 'string',
  required: false,
  secret: false,
  ...over,
});

describe('form validation', () => {
  it('asks for required values unless the field has a default', () => {
    expect(validateField(field({ required: true }), undefined)).toBe('Thing is required');
    expect(validateField(field({ required: true }), '   ')).toBe('Thing is required');
    expect(validateField(field({ required: true, defaultValue: 'x' }), undefined)).toBeNull();
    expect(validateField(field({}), undefined)).toBeNull();
  });

  it('checks whole numbers and bounds', () => {
    const f = field({ kind: 'integer', min: 1, max: 10 });
    expect(validateField(f, 5)).toBeNull();
    expect(validateField(f, 0)).toBe('Must be at least 1');
    expect(validateField(f, 11)).toBe('Must be at most 10');
    expect(validateField(f, 1.5)).toBe('Enter a whole number');
    expect(validateField(f, 'abc')).toBe('Enter a whole number');
    expect(validateField(field({ kind: 'number' }), 1.5)).toBeNull();
  });

  it('accepts only allowed enum values', () => {
    const f = field({ kind: 'enum', allowedValues: ['csv', 'json-lines'] });
    expect(validateField(f, 'csv')).toBeNull();
    expect(validateField(f, 'xml')).toBe('Choose one of csv, json-lines');
  });

  it('knows durations in both forms', () => {
    expect(['500ms', '30s', '5m', '1h', '1d', 'PT30S', 'P1D'].every(isDuration)).toBe(true);
    expect(['30', 's', '1w', 'PT', ''].some(isDuration)).toBe(false);
    expect(validateField(field({ kind: 'duration' }), '10 seconds')).toMatch(/duration/);
  });

  it('reads what the user typed into the value stored in the document', () => {
    expect(parseInput(field({ kind: 'integer' }), '42')).toBe(42);
    expect(parseInput(field({ kind: 'integer' }), '4x')).toBe('4x');
    expect(parseInput(field({ kind: 'integer' }), '')).toBeUndefined();
    expect(parseInput(field({ kind: 'string-list' }), 'id: long\n\namount: double\n')).toEqual(['id: long', 'amount: double']);
    expect(parseInput(field({ kind: 'string' }), '')).toBeUndefined();
    expect(formatValue(field({ kind: 'string-list' }), ['a', 'b'])).toBe('a\nb');
  });
});
