import { describe, expect, it, jest } from '@jest/globals';
import { parseExpression } from '../parser/parse-jdl.js';
import { booleanValue, errorValue, formatValue, type ClassAdValue } from './classad-value.js';
import { evaluateExpression } from './evaluate.js';
import { logicalAnd, logicalNot, logicalOr } from './logic-operators.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

// HTCondor's tables (src/classad/functional_tests.txt): left operand, right operand, result.
const AND_TABLE = [
  ['false', 'false', 'false'],
  ['false', 'undefined', 'false'],
  ['false', 'true', 'false'],
  ['false', 'error', 'false'],
  ['undefined', 'false', 'false'],
  ['undefined', 'undefined', 'undefined'],
  ['undefined', 'true', 'undefined'],
  ['undefined', 'error', 'error'],
  ['true', 'false', 'false'],
  ['true', 'undefined', 'undefined'],
  ['true', 'true', 'true'],
  ['true', 'error', 'error'],
  ['error', 'false', 'error'],
  ['error', 'undefined', 'error'],
  ['error', 'true', 'error'],
  ['error', 'error', 'error'],
] as const;

const OR_TABLE = [
  ['false', 'false', 'false'],
  ['false', 'undefined', 'undefined'],
  ['false', 'true', 'true'],
  ['false', 'error', 'error'],
  ['undefined', 'false', 'undefined'],
  ['undefined', 'undefined', 'undefined'],
  ['undefined', 'true', 'true'],
  ['undefined', 'error', 'error'],
  ['true', 'false', 'true'],
  ['true', 'undefined', 'true'],
  ['true', 'true', 'true'],
  ['true', 'error', 'true'],
  ['error', 'false', 'error'],
  ['error', 'undefined', 'error'],
  ['error', 'true', 'error'],
  ['error', 'error', 'error'],
] as const;

describe(logicalAnd.name, () => {
  it.each(AND_TABLE)('%s && %s is %s', (left, right, result) => {
    expect(show(`${left} && ${right}`)).toBe(result);
  });

  it('does not evaluate the right side when the left is false or ERROR', () => {
    const right = jest.fn((): ClassAdValue => booleanValue(true));
    expect(logicalAnd(booleanValue(false), right)).toEqual(booleanValue(false));
    expect(logicalAnd(errorValue('left'), right)).toEqual(errorValue('left'));
    expect(right).not.toHaveBeenCalled();
  });

  it('short-circuits in expressions too: an unknown function on the right is never called', () => {
    expect(show('false && fqanMember("x")')).toBe('false');
    expect(show('true && fqanMember("x")')).toBe('error');
  });

  it('reads numbers as booleans, 0 being false', () => {
    expect(show('1 && 2.5')).toBe('true');
    expect(show('0 && error')).toBe('false');
    expect(show('true && 0')).toBe('false');
    expect(show('undefined && 0.0')).toBe('false');
    expect(show('undefined && 7')).toBe('undefined');
  });

  it('makes a string operand ERROR', () => {
    expect(show('true && "foobar"')).toBe('error');
    expect(show('"foobar" && false')).toBe('error');
    expect(show('undefined && "foobar"')).toBe('error');
    expect(show('false && "foobar"')).toBe('false');
  });
});

describe(logicalOr.name, () => {
  it.each(OR_TABLE)('%s || %s is %s', (left, right, result) => {
    expect(show(`${left} || ${right}`)).toBe(result);
  });

  it('does not evaluate the right side when the left is true or ERROR', () => {
    const right = jest.fn((): ClassAdValue => booleanValue(false));
    expect(logicalOr(booleanValue(true), right)).toEqual(booleanValue(true));
    expect(logicalOr(errorValue('left'), right)).toEqual(errorValue('left'));
    expect(right).not.toHaveBeenCalled();
  });

  it('reads numbers as booleans and makes strings, lists and ads ERROR', () => {
    expect(show('0 || 3')).toBe('true');
    expect(show('false || 0')).toBe('false');
    expect(show('false || "yes"')).toBe('error');
    expect(show('false || {}')).toBe('error');
    expect(show('false || []')).toBe('error');
    expect(show('1 || "yes"')).toBe('true');
  });
});

describe(logicalNot.name, () => {
  it.each([
    ['true', 'false'],
    ['false', 'true'],
    ['undefined', 'undefined'],
    ['error', 'error'],
    ['0', 'true'],
    ['2.5', 'false'],
    ['"text"', 'error'],
  ])('!%s is %s', (operand, result) => {
    expect(show(`!${operand}`)).toBe(result);
  });
});
