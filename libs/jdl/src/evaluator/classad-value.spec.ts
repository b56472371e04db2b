import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../parser/parse-jdl.js';
import {
  booleanValue,
  classAdValue,
  errorValue,
  firstExceptional,
  formatValue,
  integerValue,
  listValue,
  realValue,
  stringValue,
  undefinedValue,
} from './classad-value.js';
import { evaluateExpression } from './evaluate.js';

describe(formatValue.name, () => {
  it.each([
    [undefinedValue(), 'undefined'],
    [errorValue('because'), 'error'],
    [booleanValue(true), 'true'],
    [booleanValue(false), 'false'],
    [integerValue(42), '42'],
    [integerValue(-7), '-7'],
    [integerValue(2 ** 70), '1180591620717411303424'],
    [realValue(3), '3.0'],
    [realValue(-0.5), '-0.5'],
    [realValue(-0), '-0.0'],
    [realValue(1e21), '1e+21'],
    [realValue(1.5e-7), '1.5e-7'],
    [realValue(NaN), 'real("NaN")'],
    [realValue(Infinity), 'real("INF")'],
    [realValue(-Infinity), 'real("-INF")'],
    [stringValue('plain'), '"plain"'],
    [stringValue('a"b'), '"a\\"b"'],
    [stringValue('back\\slash\nnew line\ttab'), '"back\\\\slash\\nnew line\\ttab"'],
    [listValue([]), '{}'],
    [listValue([integerValue(1), stringValue('a')]), '{ 1, "a" }'],
    [listValue([listValue([realValue(1)]), undefinedValue()]), '{ { 1.0 }, undefined }'],
  ])('formats %j as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it('formats a ClassAd with its attributes unevaluated, as HTCondor prints ads', () => {
    const value = evaluateExpression(parseExpression('[ a = 1; b = "x"; c = a + 1 ]'));
    expect(formatValue(value)).toBe('[ a = 1; b = "x"; c = a + 1 ]');
  });

  it('formats an empty ClassAd', () => {
    expect(formatValue(evaluateExpression(parseExpression('[]')))).toBe('[]');
  });

  it('writes text that parses back to the same value', () => {
    const value = listValue([stringValue('q"\\\u0001'), realValue(-2.5), integerValue(-3), booleanValue(false)]);
    expect(evaluateExpression(parseExpression(formatValue(value)))).toEqual(value);
  });
});

describe(integerValue.name, () => {
  it('truncates toward zero and has no negative zero', () => {
    expect(integerValue(-2.7)).toEqual({ type: 'integer', value: -2 });
    const zero = integerValue(-0.2);
    expect(zero.type === 'integer' && Object.is(zero.value, 0)).toBe(true);
  });
});

describe(classAdValue.name, () => {
  it('makes a standalone ad its own top-level scope', () => {
    const ad = parseExpression('[ a = 1 ]');
    if (ad.kind !== 'classad') {
      throw new Error('expected an ad');
    }
    expect(classAdValue(ad).scope).toEqual({ frame: { ad, parent: null, partner: null }, target: null });
  });
});

describe(firstExceptional.name, () => {
  it('prefers ERROR over UNDEFINED, whatever the order', () => {
    const error = errorValue('bad');
    expect(firstExceptional(undefinedValue(), error)).toBe(error);
    expect(firstExceptional(integerValue(1), undefinedValue())).toEqual(undefinedValue());
    expect(firstExceptional(integerValue(1), stringValue('x'))).toBeNull();
  });
});
