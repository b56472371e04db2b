import { describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { requireKnownPilot, requireOpen, requireOwnPilotRefs, type DriverIdentity } from './driver-guards.js';

const SSH: DriverIdentity = { kind: 'ssh', name: 'host01', label: 'SSH CE' };

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof CeException ? error.code : 'not a CeException';
  }
  return undefined;
}

describe('driver guards', () => {
  it('lets an open driver through and refuses a closing or closed one', () => {
    expect(codeOf(() => requireOpen(SSH, 'open'))).toBeUndefined();
    expect(codeOf(() => requireOpen(SSH, 'closing'))).toBe(CeErrorCode.Closed);
    expect(codeOf(() => requireOpen(SSH, 'closed'))).toBe(CeErrorCode.Closed);
  });

  it('accepts refs of this CE and refuses, naming them, refs of another CE, another kind or no ref at all', () => {
    expect(codeOf(() => requireOwnPilotRefs(SSH, ['ssh://host01/a', 'ssh://host01/b']))).toBeUndefined();
    for (const foreign of ['ssh://host02/a', 'slurm://host01/7', 'not a ref']) {
      expect(codeOf(() => requireOwnPilotRefs(SSH, ['ssh://host01/a', foreign]))).toBe(CeErrorCode.UnknownPilot);
      expect(() => requireOwnPilotRefs(SSH, [foreign])).toThrow(`Not pilots of the SSH CE host01: ${foreign}.`);
    }
  });

  it('returns the record of a known pilot and refuses an unknown one', () => {
    const records = new Map([['ssh://host01/a', { pid: 1 }]]);
    expect(requireKnownPilot(SSH, records, 'ssh://host01/a')).toEqual({ pid: 1 });
    expect(codeOf(() => requireKnownPilot(SSH, records, 'ssh://host01/b'))).toBe(CeErrorCode.UnknownPilot);
  });
});
