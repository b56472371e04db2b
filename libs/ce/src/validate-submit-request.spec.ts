import { describe, expect, it } from '@jest/globals';
import type { PilotLaunch } from './computing-element.js';
import { CeErrorCode, CeException } from './errors/ce.exception.js';
import { validateSubmitRequest } from './validate-submit-request.js';

const GOOD: PilotLaunch = {
  executable: '/usr/bin/node',
  script: '/opt/majorana/pilot.js',
  args: ['--slots', '4'],
  env: { TMPDIR: '/scratch' },
};

function codeFor(count: number, launch: Partial<PilotLaunch>): CeErrorCode | null {
  try {
    validateSubmitRequest({ count, pilotCommand: { ...GOOD, ...launch } });
    return null;
  } catch (error) {
    if (error instanceof CeException) {
      return error.code;
    }
    throw error;
  }
}

describe(validateSubmitRequest.name, () => {
  it('accepts a well-formed request, including one for no pilot', () => {
    expect(codeFor(3, {})).toBeNull();
    expect(codeFor(0, {})).toBeNull();
  });

  it.each<[string, number, Partial<PilotLaunch>]>([
    ['a negative count', -1, {}],
    ['a fractional count', 0.5, {}],
    ['an infinite count', Infinity, {}],
    ['a relative executable', 1, { executable: 'node' }],
    ['a relative script', 1, { script: 'pilot.js' }],
    ['a NUL in an argument', 1, { args: ['a\0b'] }],
    ['a malformed variable name', 1, { env: { 'A=B': 'x' } }],
    ['a variable name starting with a digit', 1, { env: { '1A': 'x' } }],
    ['a NUL in a variable', 1, { env: { A: 'x\0' } }],
    ['the pilot ref variable, which the CE sets', 1, { env: { MAJORANA_PILOT_REF: 'local://x/y' } }],
  ])('refuses %s', (_what, count, launch) => {
    expect(codeFor(count, launch)).toBe(CeErrorCode.InvalidRequest);
  });
});
