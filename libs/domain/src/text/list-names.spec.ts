import { describe, expect, it } from '@jest/globals';
import { listNames } from './list-names.js';

describe(listNames.name, () => {
  it('joins names as an English list', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B'])).toBe('A and B');
    expect(listNames(['A', 'B', 'C'], 'or')).toBe('A, B or C');
  });

  it('counts the names past the limit', () => {
    expect(listNames(['A', 'B', 'C', 'D', 'E'], 'and', 3)).toBe('A, B, C and 2 more');
  });
});
