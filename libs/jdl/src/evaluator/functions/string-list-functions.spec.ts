import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression } from '../evaluate.js';
import { stringListItems } from './string-list-functions.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

describe(stringListItems.name, () => {
  it('splits on any delimiter, trims items and drops empty ones', () => {
    expect(stringListItems(' MPI, GPU ,,CVMFS ', ', ')).toEqual(['MPI', 'GPU', 'CVMFS']);
    expect(stringListItems('a;b c', ';')).toEqual(['a', 'b c']);
    expect(stringListItems('', ', ')).toEqual([]);
  });
});

describe('stringListMember()', () => {
  it.each([
    ['stringListMember("GPU", "MPI, GPU, CVMFS")', 'true'],
    ['stringListMember("gpu", "MPI, GPU, CVMFS")', 'false'],
    ['stringListMember("GPU", "MPI GPU")', 'true'],
    ['stringListMember("GP", "MPI, GPU")', 'false'],
    ['stringListMember("b", "a;b;c", ";")', 'true'],
    ['stringListMember("b c", "a;b c", ";")', 'true'],
    ['stringListMember("", "a,,b")', 'false'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('reads an UNDEFINED argument as an empty string, both UNDEFINED as UNDEFINED', () => {
    expect(show('stringListMember("a", undefined)')).toBe('false');
    expect(show('stringListMember(undefined, "a, b")')).toBe('false');
    expect(show('stringListMember(undefined, undefined)')).toBe('undefined');
  });

  it('makes non-strings ERROR', () => {
    expect(show('stringListMember(1, "1, 2")')).toBe('error');
    expect(show('stringListMember("a", {"a"})')).toBe('error');
    expect(show('stringListMember("a", "a", 1)')).toBe('error');
    expect(show('stringListMember("a", error)')).toBe('error');
  });
});

describe('stringListIMember()', () => {
  it('ignores case', () => {
    expect(show('stringListIMember("gpu", "MPI, GPU")')).toBe('true');
    expect(show('stringListIMember("tpu", "MPI, GPU")')).toBe('false');
  });
});

describe('stringListSize()', () => {
  it.each([
    ['stringListSize("a, b, c")', '3'],
    ['stringListSize("")', '0'],
    ['stringListSize("a;b;;c", ";")', '3'],
    ['stringListSize(undefined)', 'error'],
    ['stringListSize({"a"})', 'error'],
    ['stringListSize("a", 1)', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});
