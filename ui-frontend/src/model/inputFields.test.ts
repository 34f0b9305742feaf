import { describe, expect, it } from 'vitest';
import { DOCUMENT } from '../test/fixtures';
import { inputFieldsOf } from './inputFields';

describe('input fields of a node', () => {
  const fields = {
    src: [
      { name: 'id', type: 'long' },
      { name: 'amount', type: 'double' },
    ],
    big: [{ name: 'id', type: 'long' }],
  };

  it('are the output fields of the nodes wired into it', () => {
    expect(inputFieldsOf(DOCUMENT, fields, 'big').map((f) => f.name)).toEqual(['id', 'amount']);
    expect(inputFieldsOf(DOCUMENT, fields, 'sink').map((f) => f.name)).toEqual(['id']);
  });

  it('are empty for a source and while the check found no fields', () => {
    expect(inputFieldsOf(DOCUMENT, fields, 'src')).toEqual([]);
    expect(inputFieldsOf(DOCUMENT, {}, 'big')).toEqual([]);
  });
});
