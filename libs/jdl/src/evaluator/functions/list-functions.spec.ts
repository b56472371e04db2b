import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression } from '../evaluate.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

describe('member()', () => {
  it.each([
    ['member(1, {1, 2, 3})', 'true'],
    ['member(4, {1, 2, 3})', 'false'],
    ['member(2.0, {1, 2, 3})', 'true'],
    ['member("mpi", {"GPU", "MPI"})', 'true'],
    ['member("x", {1, "x"})', 'true'],
    ['member(1, {"a", 1})', 'true'],
    ['member(1, {})', 'false'],
    ['member(true, {false, true})', 'true'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('is UNDEFINED for an UNDEFINED list or value', () => {
    expect(show('member("MPI", Missing)')).toBe('undefined');
    expect(show('member(undefined, {1})')).toBe('undefined');
    expect(show('member(error, undefined)')).toBe('undefined');
  });

  it('is ERROR for a non-list, a non-scalar value or an ERROR value', () => {
    expect(show('member(1, 1)')).toBe('error');
    expect(show('member("a", "abc")')).toBe('error');
    expect(show('member({1}, {{1}})')).toBe('error');
    expect(show('member([a = 1], {1})')).toBe('error');
    expect(show('member(error, {1})')).toBe('error');
    expect(show('member(1, error)')).toBe('error');
  });
});

describe('identicalMember()', () => {
  it.each([
    ['identicalMember("mpi", {"GPU", "MPI"})', 'false'],
    ['identicalMember("MPI", {"GPU", "MPI"})', 'true'],
    ['identicalMember(2.0, {1, 2})', 'false'],
    ['identicalMember(2, {1, 2})', 'true'],
    ['identicalMember(undefined, {1, undefined})', 'true'],
    ['identicalMember(error, {error})', 'true'],
    ['identicalMember(1, undefined)', 'undefined'],
    ['identicalMember(1, 2)', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});

describe('size()', () => {
  it.each([
    ['size({})', '0'],
    ['size({1, 2, 3, 4, 5})', '5'],
    ['size([])', '0'],
    ['size([a = 1; b = 2])', '2'],
    ['size("")', '0'],
    ['size("ab")', '2'],
    ['size("νé")', '2'],
    ['size(undefined)', 'undefined'],
    ['size(error)', 'error'],
    ['size(3)', 'error'],
    ['size(3.4)', 'error'],
    ['size(true)', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});

describe('sum(), avg(), min() and max()', () => {
  it.each([
    ['sum({})', '0'],
    ['avg({})', '0.0'],
    ['min({})', 'undefined'],
    ['max({})', 'undefined'],
    ['sum({1})', '1'],
    ['avg({1})', '1.0'],
    ['sum({1, 2, 3, 4, 5})', '15'],
    ['avg({1, 2, 3, 4, 5})', '3.0'],
    ['min({3, 1, 2})', '1'],
    ['max({3, 1, 2})', '3'],
    ['sum({1, 2.5})', '3.5'],
    ['min({1, 2.5})', '1.0'],
    ['max({1, 2.5, -4})', '2.5'],
    ['avg({1, 2})', '1.5'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('is UNDEFINED for an UNDEFINED list and ERROR for anything but a list of numbers', () => {
    expect(show('sum(Missing)')).toBe('undefined');
    expect(show('max(undefined)')).toBe('undefined');
    expect(show('sum(3)')).toBe('error');
    expect(show('avg({1, "2"})')).toBe('error');
    expect(show('min({1, undefined})')).toBe('error');
    expect(show('max({1, true})')).toBe('error');
    expect(show('sum(error)')).toBe('error');
  });
});
