import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression, type EvaluationContext } from '../evaluate.js';

const show = (text: string, context?: EvaluationContext): string => formatValue(evaluateExpression(parseExpression(text), context));

describe('floor(), ceiling() and round()', () => {
  it.each([
    ['floor(3.9)', '3'],
    ['floor(-3.1)', '-4'],
    ['floor("3.9")', '3'],
    ['floor(7)', '7'],
    ['ceiling(3.1)', '4'],
    ['ceiling("3.9")', '4'],
    ['ceil(-3.9)', '-3'],
    ['round(3.1)', '3'],
    ['round(3.9)', '4'],
    ['round(2.5)', '2'],
    ['round(3.5)', '4'],
    ['round(-2.5)', '-2'],
    ['round(true)', '1'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('makes UNDEFINED, ERROR, non-numeric strings and huge values ERROR', () => {
    expect(show('floor(undefined)')).toBe('error');
    expect(show('ceiling(error)')).toBe('error');
    expect(show('round("abc")')).toBe('error');
    expect(show('floor({1})')).toBe('error');
    expect(show('round(1e300)')).toBe('error');
  });
});

describe('pow()', () => {
  it.each([
    ['pow(2, 10)', '1024'],
    ['pow(2, 0)', '1'],
    ['pow(0, 0)', '1'],
    ['pow(0.0, 0)', '1.0'],
    ['pow(2, -1)', '0.5'],
    ['pow(2.0, 3)', '8.0'],
    ['pow(4, 0.5)', '2.0'],
    ['pow(-2, 3)', '-8'],
    ['pow(3, 33)', '5559060566555523'],
    ['pow(2, 62)', '4611686018427387904'],
    ['pow(2, 63)', 'error'],
    ['pow(0, -1)', 'error'],
    ['pow(2, undefined)', 'error'],
    ['pow("2", 2)', '4.0'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});

describe('random()', () => {
  const fixed = { random: () => 0.5 };

  it('draws from the context`s random source', () => {
    expect(show('random(10)', fixed)).toBe('5');
    expect(show('random(3.0)', fixed)).toBe('1.5');
    expect(show('random()', fixed)).toBe('0.5');
  });

  it('refuses a limit that is not a positive integer or a real', () => {
    expect(show('random(0)', fixed)).toBe('error');
    expect(show('random(-3)', fixed)).toBe('error');
    expect(show('random("10")', fixed)).toBe('error');
    expect(show('random(undefined)', fixed)).toBe('error');
    expect(show('random(1, 2)', fixed)).toBe('error');
  });
});
