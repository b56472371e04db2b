import { describe, expect, it } from '@jest/globals';
import {
  canPilotStatusChange,
  FINAL_PILOT_STATUSES,
  isFinalPilotStatus,
  isPilotStatus,
  PILOT_STATUS_TRANSITIONS,
  PILOT_STATUSES,
} from './pilot-status.js';

describe('pilot statuses', () => {
  it('lets a final status change to nothing else', () => {
    for (const final of FINAL_PILOT_STATUSES) {
      expect(PILOT_STATUS_TRANSITIONS[final]).toEqual([]);
      for (const other of PILOT_STATUSES.filter((s) => s !== final)) {
        expect(canPilotStatusChange(final, other)).toBe(false);
      }
    }
  });

  it('lets every live status reach every final one', () => {
    for (const live of PILOT_STATUSES.filter((s) => !isFinalPilotStatus(s))) {
      for (const final of FINAL_PILOT_STATUSES) {
        expect(canPilotStatusChange(live, final)).toBe(true);
      }
    }
  });

  it('never sends a started pilot back to the queue', () => {
    expect(canPilotStatusChange('Running', 'Waiting')).toBe(false);
    expect(canPilotStatusChange('Running', 'Submitted')).toBe(false);
    expect(canPilotStatusChange('Waiting', 'Submitted')).toBe(false);
  });

  it('lets Unknown resolve to any status, and any live status become Unknown', () => {
    expect(PILOT_STATUS_TRANSITIONS.Unknown).toEqual(PILOT_STATUSES.filter((s) => s !== 'Unknown'));
    for (const live of ['Submitted', 'Waiting', 'Running'] as const) {
      expect(canPilotStatusChange(live, 'Unknown')).toBe(true);
    }
  });

  it('allows staying in the same status', () => {
    for (const status of PILOT_STATUSES) {
      expect(canPilotStatusChange(status, status)).toBe(true);
    }
  });

  it('recognises exactly the listed names', () => {
    expect(PILOT_STATUSES.every(isPilotStatus)).toBe(true);
    expect(isPilotStatus('Stalled')).toBe(false);
    expect(isPilotStatus('running')).toBe(false);
    expect(isPilotStatus(3)).toBe(false);
  });
});
