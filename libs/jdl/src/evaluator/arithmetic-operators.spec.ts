import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../parser/parse-jdl.js';
import { arithmetic, bitwise, bitwiseNot, negate, unaryPlus } from './arithmetic-operators.js';
import { formatValue, integerValue, stringValue } from './classad-value.js';
import { evaluateExpression } from './evaluate.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

describe(arithmetic.name, () => {
  it.each([
    ['1 + 2', '3'],
    ['3 - 1', '2'],
    ['2 * 3', '6'],
    ['8 / 2', '4'],
    ['7 / 2', '3'],
    ['-7 / 2', '-3'],
    ['7 % 3', '1'],
    ['-7 % 3', '-1'],
    ['1 + 2.0', '3.0'],
    ['7 / 2.0', '3.5'],
    ['0.5 * 4', '2.0'],
    ['1 - 1.5', '-0.5'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('refuses division and modulo by zero', () => {
    expect(evaluateExpression(parseExpression('1 / 0'))).toEqual({ type: 'error', reason: 'division by zero' });
    expect(evaluateExpression(parseExpression('1.5 / 0'))).toEqual({ type: 'error', reason: 'division by zero' });
    expect(evaluateExpression(parseExpression('1 / 0.0'))).toEqual({ type: 'error', reason: 'division by zero' });
    expect(evaluateExpression(parseExpression('5 % 0'))).toEqual({ type: 'error', reason: 'modulo by zero' });
  });

  it('takes % on integers only, as HTCondor does', () => {
    expect(show('5.5 % 2')).toBe('error');
  });

  it('is strict in UNDEFINED and ERROR, ERROR first', () => {
    expect(show('1 + undefined')).toBe('undefined');
    expect(show('undefined * 2.0')).toBe('undefined');
    expect(show('undefined + error')).toBe('error');
    expect(show('error - 1')).toBe('error');
  });

  it('counts booleans as 0 and 1, as HTCondor does, so ranks can weigh conditions', () => {
    expect(show('true + 1')).toBe('2');
    expect(show('(3 > 2) * 10 + (1 > 2) * 5')).toBe('10');
    expect(show('true / 2.0')).toBe('0.5');
  });

  it('does not treat strings as numbers, and + does not concatenate', () => {
    expect(show('"a" + "b"')).toBe('error');
    expect(show('10 * "A string"')).toBe('error');
    expect(arithmetic('+', stringValue('1'), integerValue(1))).toEqual({
      type: 'error',
      reason: '+ needs numbers, got string and integer',
    });
  });

  it('wraps 64-bit integer overflow and turns real overflow into ERROR', () => {
    expect(show('pow(2, 62) * 2')).toBe('-9223372036854775808');
    expect(show('pow(2, 62) * 4')).toBe('0');
    expect(show('-pow(2, 62) - pow(2, 62) - pow(2, 62)')).toBe('4611686018427387904');
    expect(show('1e308 * 10')).toBe('error');
  });
});

describe(negate.name, () => {
  it('negates numbers, passes UNDEFINED and ERROR, refuses the rest', () => {
    expect(show('-5')).toBe('-5');
    expect(show('-(2.5)')).toBe('-2.5');
    expect(show('--5')).toBe('5');
    expect(show('-undefined')).toBe('undefined');
    expect(show('-error')).toBe('error');
    expect(show('-true')).toBe('error');
    expect(show('-"5"')).toBe('error');
  });
});

describe(unaryPlus.name, () => {
  it('keeps numbers and refuses strings and booleans', () => {
    expect(show('+5')).toBe('5');
    expect(show('+1.5')).toBe('1.5');
    expect(show('+undefined')).toBe('undefined');
    expect(show('+"5"')).toBe('error');
    expect(show('+false')).toBe('error');
  });
});

describe(bitwise.name, () => {
  it.each([
    ['12 & 10', '8'],
    ['12 | 10', '14'],
    ['12 ^ 10', '6'],
    ['1 << 4', '16'],
    ['1 << 62', '4611686018427387904'],
    ['1 << 64', '0'],
    ['-16 >> 2', '-4'],
    ['16 >> 2', '4'],
    ['-1 >>> 60', '15'],
    ['-1 >>> 0', '-1'],
    ['5 >> 100', '0'],
    ['-5 >> 100', '-1'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('works on integers only and is strict', () => {
    expect(show('1.0 & 1')).toBe('error');
    expect(show('true | false')).toBe('error');
    expect(show('1 & undefined')).toBe('undefined');
    expect(show('1 << -1')).toBe('error');
  });
});

describe(bitwiseNot.name, () => {
  it('complements integers', () => {
    expect(show('~0')).toBe('-1');
    expect(show('~5')).toBe('-6');
    expect(show('~undefined')).toBe('undefined');
    expect(show('~1.5')).toBe('error');
  });
});
