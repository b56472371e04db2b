import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../parser/parse-jdl.js';
import { formatValue } from './classad-value.js';
import { compare, identical } from './comparison-operators.js';
import { evaluateExpression } from './evaluate.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

describe(compare.name, () => {
  it('compares strings ignoring case for == and !=, unlike =?= and =!=', () => {
    expect(show('"ABC" == "abc"')).toBe('true');
    expect(show('"ABC" != "abc"')).toBe('false');
    expect(show('"ABC" =?= "abc"')).toBe('false');
    expect(show('"ABC" =!= "abc"')).toBe('true');
    expect(show('"abc" =?= "abc"')).toBe('true');
  });

  it('orders strings ignoring case', () => {
    expect(show('"apple" < "Banana"')).toBe('true');
    expect(show('"B" > "a"')).toBe('true');
    expect(show('"abc" <= "ABC"')).toBe('true');
    expect(show('"abc" >= "ABD"')).toBe('false');
  });

  it('promotes integers to reals', () => {
    expect(show('1 == 1.0')).toBe('true');
    expect(show('2 > 1.5')).toBe('true');
    expect(show('3 <= 2.999')).toBe('false');
    expect(show('10 != 10')).toBe('false');
  });

  it('compares booleans for equality only', () => {
    expect(show('true == true')).toBe('true');
    expect(show('true != false')).toBe('true');
    expect(show('true < false')).toBe('error');
  });

  it('refuses to compare a string with a number, and booleans with numbers', () => {
    expect(show('10 == "ABC"')).toBe('error');
    expect(show('"10" < 20')).toBe('error');
    expect(show('true == 1')).toBe('error');
    expect(show('{1} == {1}')).toBe('error');
  });

  it('is strict in UNDEFINED and ERROR, ERROR first', () => {
    expect(show('10 == undefined')).toBe('undefined');
    expect(show('undefined == undefined')).toBe('undefined');
    expect(show('undefined < error')).toBe('error');
    expect(show('error != 1')).toBe('error');
  });

  it('makes NaN unequal to everything, itself included', () => {
    expect(show('real("NaN") == real("NaN")')).toBe('false');
    expect(show('real("NaN") != 1')).toBe('true');
    expect(show('real("INF") == real("INF")')).toBe('true');
  });
});

describe(identical.name, () => {
  it.each([
    ['10 =?= 10', 'true'],
    ['10 =?= 5', 'false'],
    ['10 =?= "ABC"', 'false'],
    ['10 =?= UNDEFINED', 'false'],
    ['UNDEFINED =?= UNDEFINED', 'true'],
    ['undefined is undefined', 'true'],
    ['error is error', 'true'],
    ['error is undefined', 'false'],
    ['1 =?= 1.0', 'false'],
    ['1.0 is 1.0', 'true'],
    ['true is true', 'true'],
    ['10 =!= 10', 'false'],
    ['10 =!= "ABC"', 'true'],
    ['UNDEFINED =!= UNDEFINED', 'false'],
    ['undefined isnt 3', 'true'],
    ['{1, "a"} is {1, "a"}', 'true'],
    ['{1, "a"} is {1, "A"}', 'false'],
    ['{1} is {1, 2}', 'false'],
    ['[a = 1; b = x + 1] is [B = x + 1; A = 1]', 'true'],
    ['[a = 1] is [a = 1.0]', 'false'],
    ['[a = 1] is [a = 1; b = 2]', 'false'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});
