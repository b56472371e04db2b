import { describe, expect, it } from '@jest/globals';
import { canTransition, JOB_STATUSES, JOB_TRANSITIONS, JobStatus } from './job-status.js';

const S = JobStatus;

// The whole table spelled out as pairs, so that every one of the 169 pairs is checked both ways.
const ALLOWED = new Set(
  [
    'Received>Checking Received>Failed Received>Killed Received>Deleted',
    'Checking>Waiting Checking>Failed Checking>Rescheduled Checking>Killed Checking>Deleted',
    'Waiting>Matched Waiting>Checking Waiting>Failed Waiting>Rescheduled Waiting>Killed Waiting>Deleted',
    'Matched>Running Matched>Failed Matched>Stalled Matched>Rescheduled Matched>Killed',
    'Running>Completing Running>Completed Running>Done Running>Failed Running>Stalled Running>Rescheduled Running>Killed',
    'Completing>Completed Completing>Done Completing>Failed Completing>Stalled Completing>Killed',
    'Completed>Done Completed>Failed',
    'Stalled>Running Stalled>Completing Stalled>Done Stalled>Failed Stalled>Rescheduled Stalled>Killed',
    'Rescheduled>Received Rescheduled>Failed Rescheduled>Killed Rescheduled>Deleted',
    'Done>Rescheduled Done>Deleted Failed>Rescheduled Failed>Deleted Killed>Rescheduled Killed>Deleted',
  ]
    .join(' ')
    .split(' '),
);

describe(canTransition.name, () => {
  for (const from of JOB_STATUSES) {
    for (const to of JOB_STATUSES) {
      const allowed = ALLOWED.has(`${from}>${to}`);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
      });
    }
  }

  it('lets nothing leave Deleted and nothing stay in place', () => {
    expect(JOB_TRANSITIONS[S.Deleted]).toEqual([]);
    for (const status of JOB_STATUSES) {
      expect(canTransition(status, status)).toBe(false);
    }
  });
});
