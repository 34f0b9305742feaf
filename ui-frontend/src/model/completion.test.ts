import { describe, expect, it } from 'vitest';
import { applyCompletion, completionAt } from './completion';

const NAMES = ['amount', 'at', 'customer_id', 'Amount_eur'];

describe('field-name completion', () => {
  it('offers the fields the word under the caret starts, exact case first', () => {
    const c = completionAt('am > 10', 2, NAMES);
    expect(c).toEqual({ start: 0, end: 2, prefix: 'am', matches: ['amount', 'Amount_eur'] });
  });

  it('completes a word in the middle of an expression and puts the caret after it', () => {
    const text = 'amount > 10 AND cus';
    const c = completionAt(text, text.length, NAMES);
    expect(c?.matches).toEqual(['customer_id']);
    expect(applyCompletion(text, c!, 'customer_id')).toEqual({ text: 'amount > 10 AND customer_id', caret: 27 });
  });

  it('offers nothing inside a string literal, for numbers, a complete name or without fields', () => {
    expect(completionAt("name = 'am", 10, NAMES)).toBeNull();
    expect(completionAt('amount > 1', 10, NAMES)).toBeNull();
    expect(completionAt('amount', 6, ['amount'])).toBeNull();
    expect(completionAt('am', 2, [])).toBeNull();
  });
});
