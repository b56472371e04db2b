import { describe, expect, it } from '@jest/globals';
import { compilePattern, stripExtendedWhitespace } from './compile-pattern.js';

describe(stripExtendedWhitespace.name, () => {
  it.each([
    ['a b\tc\n', 'abc'],
    ['a\\ b', 'a\\ b'],
    ['[ a]b c', '[ a]bc'],
    ['[] ]x y', '[] ]xy'],
    ['[^] ] z', '[^] ]z'],
    ['ab # comment\ncd', 'abcd'],
    ['a\\#b', 'a\\#b'],
  ])('turns %j into %j', (pattern, stripped) => {
    expect(stripExtendedWhitespace(pattern)).toBe(stripped);
  });
});

describe(compilePattern.name, () => {
  it('can be tested repeatedly with the f option (no lastIndex left behind)', () => {
    const compiled = compilePattern('ab', 'f');
    if (!('test' in compiled)) {
      throw new Error(compiled.reason);
    }
    expect([compiled.test('ab'), compiled.test('ab'), compiled.test('abc'), compiled.test('ab')]).toEqual([true, true, false, true]);
  });

  it('reports PCRE-only syntax as an invalid pattern', () => {
    expect(compilePattern('(?i)abc', '')).toEqual({ type: 'error', reason: expect.stringContaining('invalid regular expression') });
  });
});
