import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateExpression, type EvaluationContext } from '../evaluate.js';

const show = (text: string, context?: EvaluationContext): string => formatValue(evaluateExpression(parseExpression(text), context));

describe('ifThenElse()', () => {
  it.each([
    ['ifThenElse(1 + 1 == 2, 3, 4)', '3'],
    ['ifThenElse(1 + 1 == 3, 3, 4)', '4'],
    ['ifThenElse(0.0, 3, 4)', '4'],
    ['ifThenElse(2, 3, 4)', '3'],
    ['ifThenElse(ERROR, 3, 4)', 'error'],
    ['ifThenElse(UNDEFINED, 3, 4)', 'undefined'],
    ['ifThenElse("true", 3, 4)', 'error'],
    ['ifThenElse({}, 3, 4)', 'error'],
    ['ifThenElse(true, 3)', 'error'],
  ])('%s is %s', (text, result) => {
    expect(show(text)).toBe(result);
  });

  it('evaluates only the branch taken', () => {
    expect(show('ifThenElse(true, "then", 1 / 0)')).toBe('"then"');
    expect(show('ifThenElse(false, unknownFunction(), "else")')).toBe('"else"');
  });
});

describe('time()', () => {
  it('gives whole seconds since the epoch from the context clock', () => {
    expect(show('time()', { now: () => 1_234_567_890_123 })).toBe('1234567890');
  });

  it('takes no arguments', () => {
    expect(show('time(1)')).toBe('error');
  });

  it('defaults to the real clock', () => {
    const value = evaluateExpression(parseExpression('time()'));
    expect(value.type === 'integer' && Math.abs(value.value - Date.now() / 1000) < 60).toBe(true);
  });
});
