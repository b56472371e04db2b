import { describe, expect, it } from '@jest/globals';
import { localPilotFinishedAtMs, localPilotStatus, type LocalPilotRecord } from './local-pilot-record.js';

const T0 = 1_764_000_000_000;
const RUNNING: LocalPilotRecord = {
  id: '3f1c2a4e-0000-4000-8000-000000000001',
  ref: 'local://ce/3f1c2a4e-0000-4000-8000-000000000001',
  pid: 4242,
  submittedAtMs: T0,
  exit: null,
  cancelledAtMs: null,
  lostAtMs: null,
};

describe(localPilotStatus.name, () => {
  it('calls a child without an exit Running, and an inherited one Unknown', () => {
    expect(localPilotStatus(RUNNING, true)).toBe('Running');
    expect(localPilotStatus(RUNNING, false)).toBe('Unknown');
  });

  it('maps exit code 0 to Done and anything else to Failed', () => {
    expect(localPilotStatus({ ...RUNNING, exit: { code: 0, signal: null, atMs: T0 + 1 } }, false)).toBe('Done');
    expect(localPilotStatus({ ...RUNNING, exit: { code: 2, signal: null, atMs: T0 + 1 } }, false)).toBe('Failed');
    expect(localPilotStatus({ ...RUNNING, exit: { code: null, signal: 'SIGSEGV', atMs: T0 + 1 } }, false)).toBe('Failed');
  });

  it('calls a pilot Aborted however it exits after a cancel', () => {
    for (const exit of [
      { code: 0, signal: null },
      { code: 143, signal: null },
      { code: null, signal: 'SIGKILL' },
    ]) {
      expect(localPilotStatus({ ...RUNNING, cancelledAtMs: T0 + 1, exit: { ...exit, atMs: T0 + 2 } }, true)).toBe('Aborted');
    }
  });

  it('keeps the exit status of a pilot that ended before a late cancel', () => {
    expect(localPilotStatus({ ...RUNNING, exit: { code: 0, signal: null, atMs: T0 + 1 }, cancelledAtMs: T0 + 2 }, false)).toBe('Done');
  });

  it('calls a pilot lost without an exit Aborted', () => {
    expect(localPilotStatus({ ...RUNNING, lostAtMs: T0 + 5 }, false)).toBe('Aborted');
  });
});

describe(localPilotFinishedAtMs.name, () => {
  it('is the exit time, else the time it was found lost, else null', () => {
    expect(localPilotFinishedAtMs({ ...RUNNING, exit: { code: 0, signal: null, atMs: T0 + 1 } })).toBe(T0 + 1);
    expect(localPilotFinishedAtMs({ ...RUNNING, lostAtMs: T0 + 5 })).toBe(T0 + 5);
    expect(localPilotFinishedAtMs(RUNNING)).toBeNull();
  });
});
