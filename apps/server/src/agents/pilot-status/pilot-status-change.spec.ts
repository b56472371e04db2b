import { describe, expect, it } from '@jest/globals';
import { pilotStatusChange } from './pilot-status-change.js';

const NOW = 1_764_000_000_000;
const ABORT_AFTER_MS = 1_800_000;

describe(pilotStatusChange.name, () => {
  it('marks a submitted pilot the batch system queues Waiting, and leaves a running one alone', () => {
    expect(pilotStatusChange({ status: 'Submitted', lastContact: NOW }, 'Waiting', NOW, ABORT_AFTER_MS)).toEqual({ kind: 'waiting' });
    expect(pilotStatusChange({ status: 'Running', lastContact: NOW }, 'Waiting', NOW, ABORT_AFTER_MS)).toEqual({ kind: 'none' });
    expect(pilotStatusChange({ status: 'Submitted', lastContact: NOW }, 'Running', NOW, ABORT_AFTER_MS)).toEqual({ kind: 'none' });
  });

  it('ends a pilot its CE reports ended', () => {
    expect(pilotStatusChange({ status: 'Running', lastContact: NOW }, 'Failed', NOW, ABORT_AFTER_MS)).toMatchObject({
      kind: 'ended',
      status: 'Failed',
    });
  });

  it('aborts a pilot its CE no longer knows only after the silence', () => {
    expect(pilotStatusChange({ status: 'Waiting', lastContact: NOW - ABORT_AFTER_MS + 1 }, 'Unknown', NOW, ABORT_AFTER_MS)).toEqual({
      kind: 'none',
    });
    expect(pilotStatusChange({ status: 'Waiting', lastContact: NOW - ABORT_AFTER_MS }, 'Unknown', NOW, ABORT_AFTER_MS)).toMatchObject({
      kind: 'ended',
      status: 'Aborted',
      reason: 'lost: unknown to its CE and silent for 1800 s',
    });
  });
});
