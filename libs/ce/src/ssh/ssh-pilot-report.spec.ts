import { describe, expect, it } from '@jest/globals';
import { parseSshPilotReports } from './ssh-pilot-report.js';

describe(parseSshPilotReports.name, () => {
  it('reads one report per pilot', () => {
    const { byId, errors, unparsed } = parseSshPilotReports(
      ['a started 123', 'b failed cannot create /x/b', 'c exited 0', 'd running', 'e signalled', 'f gone', 'g missing', ''].join('\n'),
    );
    expect(Object.fromEntries(byId)).toEqual({
      a: { kind: 'started', pid: 123 },
      b: { kind: 'failed', reason: 'cannot create /x/b' },
      c: { kind: 'exited', code: 0 },
      d: { kind: 'running' },
      e: { kind: 'signalled' },
      f: { kind: 'gone' },
      g: { kind: 'missing' },
    });
    expect(errors).toEqual([]);
    expect(unparsed).toEqual([]);
  });

  it('collects script-wide errors', () => {
    expect(parseSshPilotReports('- error setsid (util-linux) is not installed on this host\n').errors).toEqual([
      'setsid (util-linux) is not installed on this host',
    ]);
  });

  it('keeps lines whose value does not fit as unparsed, never as a report', () => {
    const { byId, unparsed } = parseSshPilotReports('Welcome to the login node!\na started\nb started 1\nc exited -1\nd started x9\n');
    expect(byId.size).toBe(0);
    expect(unparsed).toHaveLength(5);
  });
});
