import { describe, expect, it } from '@jest/globals';
import { canTransition, type SessionState } from './session-state.js';

describe(canTransition.name, () => {
  it('follows the documented lifecycle connecting → greeting → working → draining → stopping → stopped', () => {
    const path: SessionState[] = ['connecting', 'greeting', 'working', 'draining', 'stopping', 'stopped'];
    for (let step = 1; step < path.length; step++) {
      expect(canTransition(path[step - 1] as SessionState, path[step] as SessionState)).toBe(true);
    }
  });

  it('goes back to connecting from any connected state, keeping jobs, but never from stopping', () => {
    expect((['greeting', 'working', 'draining'] as const).map((from) => canTransition(from, 'connecting'))).toEqual([true, true, true]);
    expect(canTransition('stopping', 'connecting')).toBe(false);
  });

  it('never leaves stopped, and never goes back to work once stopping', () => {
    expect((['connecting', 'greeting', 'working', 'draining', 'stopping'] as const).some((to) => canTransition('stopped', to))).toBe(false);
    expect(canTransition('stopping', 'working')).toBe(false);
    expect(canTransition('draining', 'working')).toBe(false);
  });
});
