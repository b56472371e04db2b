import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression } from '../evaluate.js';
import { stringFunctions } from './string-functions.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

describe('stringFunctions', () => {
  it('provides the HTCondor string functions', () => {
    expect(Object.keys(stringFunctions).sort()).toEqual(['join', 'split', 'strcat', 'strcmp', 'stricmp', 'substr', 'toLower', 'toUpper']);
  });

  describe('strcat()', () => {
    it.each([
      ['strcat("", "roy")', '"roy"'],
      ['strcat("alain", "roy")', '"alainroy"'],
      ['strcat(14, " bottles of root beer")', '"14 bottles of root beer"'],
      ['strcat("x", 2.5, true, -3)', '"x2.5true-3"'],
      ['strcat("list: ", {1, "a"})', '"list: { 1, \\"a\\" }"'],
      ['strcat()', '""'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });

    it('makes an UNDEFINED or ERROR argument ERROR', () => {
      expect(show('strcat("a", undefined)')).toBe('error');
      expect(show('strcat("a", Missing, "b")')).toBe('error');
      expect(show('strcat(error, "a")')).toBe('error');
    });
  });

  describe('join()', () => {
    it.each([
      ['join(", ", "a", "b", "c")', '"a, b, c"'],
      ['join(";", {"a", "b", "c"})', '"a;b;c"'],
      ['join({"a", "b", "c"})', '"abc"'],
      ['join("-", 1, 2.0)', '"1-2.0"'],
      ['join("-", {})', '""'],
      ['join(split("a b c"))', '"abc"'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });

    it('makes UNDEFINED or ERROR items, a lone non-list and no arguments ERROR', () => {
      expect(show('join(",", "a", undefined)')).toBe('error');
      expect(show('join(",", {"a", error})')).toBe('error');
      expect(show('join(undefined, {"a"})')).toBe('error');
      expect(show('join("abc")')).toBe('error');
      expect(show('join()')).toBe('error');
    });
  });

  describe('split()', () => {
    it.each([
      ['split("a b c")', '{ "a", "b", "c" }'],
      ['split("a, b,c")', '{ "a", "b", "c" }'],
      ['split("  a  ")', '{ "a" }'],
      ['split("a,,b")', '{ "a", "", "b" }'],
      ['split("a:b::c", ":")', '{ "a", "b", "", "c" }'],
      ['split("")', '{}'],
      ['split("abc", "")', '{ "abc" }'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });

    it('needs strings', () => {
      expect(show('split(12)')).toBe('error');
      expect(show('split(undefined)')).toBe('error');
      expect(show('split("a", undefined)')).toBe('error');
      expect(show('split(error)')).toBe('error');
    });
  });

  describe('substr()', () => {
    it.each([
      ['substr("abcde", 1)', '"bcde"'],
      ['substr("abcde", 4)', '"e"'],
      ['substr("abcde", 5)', '""'],
      ['substr("abcde", 9)', '""'],
      ['substr("abcde", 1, 2)', '"bc"'],
      ['substr("abcde", 4, 2)', '"e"'],
      ['substr("abcde", 1, 0)', '""'],
      ['substr("abcde", -2)', '"de"'],
      ['substr("abcde", -2, 1)', '"d"'],
      ['substr("abcde", 1, -1)', '"bcd"'],
      ['substr("abcde", 0, -9)', '""'],
      ['substr("abcde", -9, 6)', '"ab"'],
      ['substr("abcde", -9, 2)', '""'],
      ['substr("Détecteur ν", 8)', '"r ν"'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });

    it('passes UNDEFINED through and refuses wrong types', () => {
      expect(show('substr(undefined, 1)')).toBe('undefined');
      expect(show('substr("abc", undefined)')).toBe('undefined');
      expect(show('substr(error, 1)')).toBe('error');
      expect(show('substr("abc", 1.0)')).toBe('error');
      expect(show('substr(12345, 1)')).toBe('error');
      expect(show('substr("abc", 0, "1")')).toBe('error');
    });
  });

  describe('toUpper() and toLower()', () => {
    it.each([
      ['toUpper("alain")', '"ALAIN"'],
      ['toLower("ALAIN")', '"alain"'],
      ['toLower(true)', '"true"'],
      ['toUpper(true)', '"TRUE"'],
      ['toUpper(1.5)', '"1.5"'],
      ['toUpper(undefined)', 'error'],
      ['toLower(error)', 'error'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });
  });

  describe('strcmp() and stricmp()', () => {
    it.each([
      ['strcmp("alain", "roy")', '-1'],
      ['strcmp("roy", "alain")', '1'],
      ['strcmp("alain", "alain")', '0'],
      ['strcmp("alain", "ALAIN")', '1'],
      ['stricmp("alain", "ALAIN")', '0'],
      ['stricmp("alain", "roy")', '-1'],
      ['strcmp(10, "10")', '0'],
      ['strcmp("a", undefined)', 'error'],
      ['stricmp(error, "a")', 'error'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });
  });
});
