import { describe, expect, it } from '@jest/globals';
import { exitCodeFor } from './session-exit-code.js';

describe(exitCodeFor.name, () => {
  it('exits 0 when the pilot left as planned, 1 on an error, 128 + the signal number on a signal', () => {
    const codes = (['idle', 'drained', 'time-left', 'done', 'error'] as const).map((reason) => exitCodeFor({ reason, message: '' }));
    expect(codes).toEqual([0, 0, 0, 0, 1]);
    expect(exitCodeFor({ reason: 'signal', message: '', signal: 'SIGINT' })).toBe(130);
    expect(exitCodeFor({ reason: 'signal', message: '', signal: 'SIGTERM' })).toBe(143);
  });
});
