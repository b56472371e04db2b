import { describe, expect, it } from '@jest/globals';
import { taskQueueDefinitionOf, type JobSchedulingInput } from '@majorana/domain';
import { AWAITING_PILOT, schedulingMinorStatus } from './scheduling-minor-status.js';

const owner = { owner: 'ana', ownerGroup: 'nu_user', vo: 'km3net' };
function definition(sites: string[], bannedSites: string[] = []): ReturnType<typeof taskQueueDefinitionOf> {
  const job: JobSchedulingInput = {
    cpuTime: 3600,
    sites,
    bannedSites,
    platform: null,
    tags: [],
    jobType: 'User',
    numberOfProcessors: 1,
    minNumberOfProcessors: null,
    maxNumberOfProcessors: null,
    wholeNode: false,
    maxRAM: null,
    gridCE: null,
  };
  return taskQueueDefinitionOf(job, owner);
}

describe(schedulingMinorStatus.name, () => {
  const known = new Set(['LCG.CPPM.fr', 'LCG.CNAF.it']);

  it('waits for a pilot when the job can run anywhere or at a known, allowed site', () => {
    expect(schedulingMinorStatus(definition([]), new Set(), known)).toBe(AWAITING_PILOT);
    expect(schedulingMinorStatus(definition(['LCG.CPPM.fr', 'LCG.Nowhere.xx']), new Set(), known)).toBe(AWAITING_PILOT);
  });

  it('says when every requested site is banned by the site mask', () => {
    expect(schedulingMinorStatus(definition(['LCG.CPPM.fr']), new Set(['LCG.CPPM.fr']), known)).toBe('Site banned: LCG.CPPM.fr');
  });

  it('says when no requested site is known yet', () => {
    expect(schedulingMinorStatus(definition(['LCG.Nowhere.xx']), new Set(), known)).toBe(
      'Waiting for a computing element at LCG.Nowhere.xx: no such site is known yet',
    );
  });
});
