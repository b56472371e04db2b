import { describe, expect, it } from '@jest/globals';
import { isFinalStatus, NOT_FOUND, snakemakeStatusOf } from './snakemake-status.util.js';

describe(snakemakeStatusOf.name, () => {
  it.each([
    ['Done', 'success'],
    ['Failed', 'failed'],
    ['Killed', 'failed'],
    ['Deleted', 'failed'],
    [NOT_FOUND, 'failed'],
    ['Received', 'running'],
    ['Checking', 'running'],
    ['Waiting', 'running'],
    ['Matched', 'running'],
    ['Running', 'running'],
    ['Completing', 'running'],
    ['Completed', 'running'],
    ['Stalled', 'running'],
    ['Rescheduled', 'running'],
    ['SomethingNew', 'running'],
  ])('answers %s with %s', (status, answer) => {
    expect(snakemakeStatusOf(status)).toBe(answer);
  });
});

describe(isFinalStatus.name, () => {
  it('holds for the statuses a job does not leave by itself', () => {
    expect(['Done', 'Failed', 'Killed', 'Deleted', NOT_FOUND].every(isFinalStatus)).toBe(true);
    expect(['Running', 'Stalled', 'Rescheduled', 'Completed'].some(isFinalStatus)).toBe(false);
  });
});
