import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression } from '../evaluate.js';

const show = (text: string): string => formatValue(evaluateExpression(parseExpression(text)));

describe('int()', () => {
  it.each([
    ['int(3)', '3'],
    ['int(3.9)', '3'],
    ['int(-3.9)', '-3'],
    ['int("3.9")', '3'],
    ['int(" 42 ")', '42'],
    ['int("1e3")', '1000'],
    ['int(true)', '1'],
    ['int(false)', '0'],
    ['int("12abc")', 'error'],
    ['int("INF")', 'error'],
    ['int(undefined)', 'error'],
    ['int(error)', 'error'],
    ['int({1})', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});

describe('real()', () => {
  it.each([
    ['real(3)', '3.0'],
    ['real(3.9)', '3.9'],
    ['real("3.9")', '3.9'],
    ['real("-.5e1")', '-5.0'],
    ['real(true)', '1.0'],
    ['real("INF")', 'real("INF")'],
    ['real("-inf")', 'real("-INF")'],
    ['real("NaN")', 'real("NaN")'],
    ['real("abc")', 'error'],
    ['real(undefined)', 'error'],
    ['real([a = 1])', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});

describe('string()', () => {
  it.each([
    ['string("alain")', '"alain"'],
    ['string(1)', '"1"'],
    ['string(0.0)', '"0.0"'],
    ['string(-0.0)', '"-0.0"'],
    ['string(2.5)', '"2.5"'],
    ['string(true)', '"true"'],
    ['string({1, "a"})', '"{ 1, \\"a\\" }"'],
    ['string([a = 1 + 1])', '"[ a = 1 + 1 ]"'],
    ['string(real("INF"))', '"real(\\"INF\\")"'],
    ['string(undefined)', 'error'],
    ['string(error)', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});

describe('bool()', () => {
  it.each([
    ['bool(true)', 'true'],
    ['bool(1)', 'true'],
    ['bool(0)', 'false'],
    ['bool(0.0)', 'false'],
    ['bool(-2.5)', 'true'],
    ['bool("TRUE")', 'true'],
    ['bool("false")', 'false'],
    ['bool("yes")', 'undefined'],
    ['bool(undefined)', 'undefined'],
    ['bool(error)', 'error'],
    ['bool({})', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });
});
