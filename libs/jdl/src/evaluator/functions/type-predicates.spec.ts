import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression } from '../evaluate.js';
import { typePredicates } from './type-predicates.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

// Each predicate against one value of every type: only its own type is true.
const SAMPLES = ['undefined', 'error', '"s"', '1', '1.5', 'true', '{1}', '[a = 1]'] as const;
const EXPECTED: Readonly<Record<string, (typeof SAMPLES)[number]>> = {
  isUndefined: 'undefined',
  isError: 'error',
  isString: '"s"',
  isInteger: '1',
  isReal: '1.5',
  isBoolean: 'true',
  isList: '{1}',
  isClassAd: '[a = 1]',
};

describe('typePredicates', () => {
  it.each(Object.entries(EXPECTED))('%s() is true only for %s', (name, sample) => {
    expect(typePredicates[name]).toBeDefined();
    const results = SAMPLES.map((value) => show(`${name}(${value})`));
    expect(results).toEqual(SAMPLES.map((value) => (value === sample ? 'true' : 'false')));
  });

  it('sees through attribute references', () => {
    expect(show('isUndefined(Missing)')).toBe('true');
    expect(show('isError(1 / 0)')).toBe('true');
    expect(show('isInteger(1 + 1)')).toBe('true');
  });

  it('needs exactly one argument', () => {
    expect(show('isString()')).toBe('error');
    expect(show('isString("a", "b")')).toBe('error');
  });
});
