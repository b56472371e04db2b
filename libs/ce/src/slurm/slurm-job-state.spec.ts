import { describe, expect, it } from '@jest/globals';
import { exitRecordToPilotStatus, slurmStateToPilotStatus } from './slurm-job-state.js';

describe(slurmStateToPilotStatus.name, () => {
  it.each([
    ['PENDING', 'Waiting'],
    ['CONFIGURING', 'Waiting'],
    ['RUNNING', 'Running'],
    ['COMPLETING', 'Running'],
    ['SUSPENDED', 'Running'],
    ['COMPLETED', 'Done'],
    ['FAILED', 'Failed'],
    ['TIMEOUT', 'Failed'],
    ['OUT_OF_MEMORY', 'Failed'],
    ['CANCELLED', 'Aborted'],
    ['CANCELLED by 0', 'Aborted'],
    ['NODE_FAIL', 'Aborted'],
    ['PREEMPTED', 'Aborted'],
    ['REQUEUED', 'Unknown'],
    ['LAUNCH_FAILED', 'Unknown'],
    ['SOMETHING_NEW', 'Unknown'],
    ['', 'Unknown'],
    ['constructor', 'Unknown'],
  ])('maps %j to %s', (state, status) => {
    expect(slurmStateToPilotStatus(state)).toBe(status);
  });
});

describe(exitRecordToPilotStatus.name, () => {
  it('reads a recorded exit code as Done or Failed, and no record as Aborted', () => {
    expect(exitRecordToPilotStatus(0)).toBe('Done');
    expect(exitRecordToPilotStatus(3)).toBe('Failed');
    expect(exitRecordToPilotStatus(143)).toBe('Failed');
    expect(exitRecordToPilotStatus(null)).toBe('Aborted');
  });
});
