import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression } from '../evaluate.js';
import { MAX_PATTERN_LENGTH } from './compile-pattern.js';

const run = (text: string) => evaluateExpression(parseExpression(text));
const show = (text: string): string => formatValue(run(text));

describe('regexp()', () => {
  it.each([
    ['regexp("Alain.*Roy", "Alain Aslag Roy")', 'true'],
    ['regexp("alain.*roy", "Alain Aslag Roy")', 'false'],
    ['regexp("alain.*roy", "Alain Aslag Roy", "i")', 'true'],
    ['regexp("alain.*roy", "Alain Aslag Roy", "I")', 'true'],
    ['regexp(".manchester.ac.uk:2119.*", "ce01.manchester.ac.uk:2119/jobmanager-pbs")', 'true'],
    ['regexp("pbs", "torque-pbs")', 'true'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('anchors ^ and $ at line breaks with m', () => {
    expect(show('regexp("^b$", "a\\nb\\nc")')).toBe('false');
    expect(show('regexp("^b$", "a\\nb\\nc", "m")')).toBe('true');
  });

  it('lets . match a newline with s', () => {
    expect(show('regexp("a.b", "a\\nb")')).toBe('false');
    expect(show('regexp("a.b", "a\\nb", "s")')).toBe('true');
  });

  it('ignores unescaped whitespace and comments in the pattern with x', () => {
    expect(show('regexp("a b  c", "abc", "x")')).toBe('true');
    expect(show('regexp("a b  c", "abc")')).toBe('false');
    expect(show('regexp("a\\\\ b", "a b", "x")')).toBe('true');
    expect(show('regexp("a[ ]b", "a b", "x")')).toBe('true');
    expect(show('regexp("ab # a comment\\n c", "abc", "x")')).toBe('true');
  });

  it('requires the whole target to match with f', () => {
    expect(show('regexp("b+", "abbbc")')).toBe('true');
    expect(show('regexp("b+", "abbbc", "f")')).toBe('false');
    expect(show('regexp("a|ab", "ab", "f")')).toBe('true');
    expect(show('regexp("b", "a\\nb", "fm")')).toBe('false');
    expect(show('regexp("A.*C", "abbbc", "fi")')).toBe('true');
  });

  it('ignores option letters it does not know', () => {
    expect(show('regexp("a", "a", "qz")')).toBe('true');
  });

  it('makes an invalid pattern ERROR', () => {
    expect(run('regexp("(unclosed", "x")')).toEqual({ type: 'error', reason: expect.stringContaining('invalid regular expression') });
    expect(show('regexp("a)|(b", "b", "f")')).toBe('error');
  });

  it(`refuses patterns longer than ${MAX_PATTERN_LENGTH} characters`, () => {
    expect(show(`regexp("${'a'.repeat(MAX_PATTERN_LENGTH)}", "a")`)).toBe('false');
    expect(run(`regexp("${'a'.repeat(MAX_PATTERN_LENGTH + 1)}", "a")`)).toEqual({
      type: 'error',
      reason: `the regular expression is ${MAX_PATTERN_LENGTH + 1} characters long, more than the limit of ${MAX_PATTERN_LENGTH}`,
    });
  });

  it('passes UNDEFINED and ERROR through and refuses non-strings', () => {
    expect(show('regexp("a", undefined)')).toBe('undefined');
    expect(show('regexp(Missing, "a")')).toBe('undefined');
    expect(show('regexp("a", "a", undefined)')).toBe('undefined');
    expect(show('regexp("a", error)')).toBe('error');
    expect(show('regexp("1", 1)')).toBe('error');
    expect(show('regexp("a", "a", 1)')).toBe('error');
  });
});

describe('regexpMember()', () => {
  it.each([
    ['regexpMember("b.*", {})', 'false'],
    ['regexpMember("b.*", {"aa"})', 'false'],
    ['regexpMember("b.*", {"aa", "bb"})', 'true'],
    ['regexpMember("b.*", {"bb", "aa"})', 'true'],
    ['regexpMember("B", {"aa", "bb"}, "i")', 'true'],
    ['regexpMember("b.*", {1, "bb"})', 'error'],
    ['regexpMember("b.*", {"bb", 1})', 'true'],
    ['regexpMember("b.*", {undefined, "aa"})', 'undefined'],
    ['regexpMember("b.*", {undefined, "bb"})', 'true'],
    ['regexpMember("b.*", undefined)', 'undefined'],
    ['regexpMember("b.*", "bb")', 'error'],
    ['regexpMember("(", {"a"})', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});
