import { describe, expect, it } from 'vitest';
import { plainLines, propertyKey, storedSecretProperties, withStored } from './secretProperties';

const stored = { key: 'ssl.key.password', set: true as const };

describe('secret properties of a list', () => {
  it('finds the stored secret entries and leaves the plain lines apart', () => {
    const value = ['client.id=a', stored];
    expect(storedSecretProperties(value)).toEqual([stored]);
    expect(plainLines(value)).toEqual(['client.id=a']);
    expect(storedSecretProperties('not a list')).toEqual([]);
  });

  it('keeps a stored entry no typed line sets', () => {
    expect(withStored(['client.id=a'], [stored])).toEqual(['client.id=a', stored]);
    expect(withStored(undefined, [stored])).toEqual([stored]);
  });

  it('lets a typed line with the same key replace the stored value', () => {
    expect(withStored(['ssl.key.password = new'], [stored])).toEqual(['ssl.key.password = new']);
  });

  it('is undefined when nothing is left', () => {
    expect(withStored(undefined, [])).toBeUndefined();
  });

  it('reads the key of a line', () => {
    expect(propertyKey(' a.b = c')).toBe('a.b');
    expect(propertyKey('no equals')).toBeNull();
    expect(propertyKey('=x')).toBeNull();
  });
});
