import { describe, expect, it } from '@jest/globals';
import { canPilotStatusChange } from '../pilot-status.js';
import { applySshPilotReport, type SshPilotRecord, sshPilotStatus } from './ssh-pilot-record.js';

const fresh: SshPilotRecord = {
  id: '3f1c0d5e-6a7b-4c8d-9e0f-112233445566',
  ref: 'ssh://ce-test/3f1c0d5e-6a7b-4c8d-9e0f-112233445566',
  pid: 4242,
  submittedAtMs: 1_000,
  cancelledAtMs: null,
  end: null,
};

describe(sshPilotStatus.name, () => {
  it('reads Running until a poll sees the pilot end', () => {
    expect(sshPilotStatus(fresh)).toBe('Running');
    expect(sshPilotStatus(applySshPilotReport(fresh, { kind: 'running' }, 2_000))).toBe('Running');
  });

  it('maps the exit status: 0 is Done, anything else Failed', () => {
    expect(sshPilotStatus(applySshPilotReport(fresh, { kind: 'exited', code: 0 }, 2_000))).toBe('Done');
    expect(sshPilotStatus(applySshPilotReport(fresh, { kind: 'exited', code: 3 }, 2_000))).toBe('Failed');
    expect(sshPilotStatus(applySshPilotReport(fresh, { kind: 'exited', code: 137 }, 2_000))).toBe('Failed');
  });

  it('makes a pilot that ends after a cancel Aborted, even with exit 0', () => {
    const cancelled = applySshPilotReport(fresh, { kind: 'signalled' }, 2_000);
    expect(cancelled.cancelledAtMs).toBe(2_000);
    expect(sshPilotStatus(cancelled)).toBe('Running');
    expect(sshPilotStatus(applySshPilotReport(cancelled, { kind: 'exited', code: 0 }, 3_000))).toBe('Aborted');
  });

  it('makes a pilot that vanished without an exit status Aborted', () => {
    for (const kind of ['gone', 'missing'] as const) {
      const lost = applySshPilotReport(fresh, { kind }, 2_000);
      expect(lost.end).toEqual({ status: 'Aborted', exitCode: null, atMs: 2_000 });
    }
  });

  it('never changes a pilot that ended', () => {
    const done = applySshPilotReport(fresh, { kind: 'exited', code: 0 }, 2_000);
    for (const report of [{ kind: 'gone' }, { kind: 'signalled' }, { kind: 'exited', code: 9 }] as const) {
      expect(applySshPilotReport(done, report, 3_000)).toBe(done);
    }
  });

  it('only moves along the pilot status transitions', () => {
    const reports = [{ kind: 'running' }, { kind: 'signalled' }, { kind: 'exited', code: 1 }, { kind: 'gone' }] as const;
    for (const first of reports) {
      for (const second of reports) {
        const a = applySshPilotReport(fresh, first, 2_000);
        const b = applySshPilotReport(a, second, 3_000);
        expect(canPilotStatusChange(sshPilotStatus(a), sshPilotStatus(b))).toBe(true);
      }
    }
  });
});
