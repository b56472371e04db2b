import type { NewJob } from '../jobs/job-record.js';

/** A fixed instant (2025-11-24T16:00:00Z) so tests never depend on the clock. */
export const T0 = 1_764_000_000_000;

/** A valid new job; override what the test is about. */
export function newJobFixture(overrides: Partial<NewJob> = {}): NewJob {
  return {
    owner: 'alice',
    ownerGroup: 'km3net_user',
    vo: 'km3net',
    jobName: 'reco',
    jobType: 'User',
    userPriority: 1,
    originalJdl: '[ Executable = "reco.sh"; Arguments = "%j"; ]',
    currentJdl: '[ Executable = "reco.sh"; Arguments = "%j"; JobName = "reco"; ]',
    submissionTime: T0,
    ...overrides,
  };
}
