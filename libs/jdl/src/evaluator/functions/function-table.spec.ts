import { describe, expect, it } from '@jest/globals';
import { parseExpression } from '../../parser/parse-jdl.js';
import { evaluateExpression } from '../evaluate.js';
import { callFunction, isKnownFunction } from './function-table.js';

describe(callFunction.name, () => {
  it('names an unknown function in the ERROR, as gLite-only functions are not provided', () => {
    expect(evaluateExpression(parseExpression('fqanMember(strcat("VOMS:", "/x"), {"VOMS:/x"}) is true'))).toEqual({
      type: 'boolean',
      value: false,
    });
    expect(evaluateExpression(parseExpression('fqanMember("a", {})'))).toEqual({ type: 'error', reason: 'unknown function fqanMember()' });
  });

  it('says how many arguments a function takes', () => {
    expect(evaluateExpression(parseExpression('member(1)'))).toEqual({ type: 'error', reason: 'member() takes 2 arguments, not 1' });
    expect(evaluateExpression(parseExpression('join()'))).toEqual({ type: 'error', reason: 'join() takes at least 1 argument, not 0' });
    expect(evaluateExpression(parseExpression('random(1, 2)'))).toEqual({
      type: 'error',
      reason: 'random() takes 0 to 1 arguments, not 2',
    });
  });
});

describe(isKnownFunction.name, () => {
  it('knows the built-ins in any case and not the gLite plug-ins', () => {
    expect(isKnownFunction('anyMatch')).toBe(true);
    expect(isKnownFunction('STRINGLISTIMEMBER')).toBe(true);
    expect(isKnownFunction('fqanMember')).toBe(false);
  });
});
