import { describe, expect, it } from '@jest/globals';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { DiracProperty as P } from '../properties/dirac-property.js';
import { caught } from '../testing/caught.js';
import { principalWith } from '../testing/principal.fixture.js';
import { canActOnJob, canSeeJob, type JobOwnership, matchesJobFilter, requireProperty, visibleJobsFilter } from './access-policy.js';

// alice acts in km3net_user in every case below.
const OWN = { owner: 'alice', ownerGroup: 'km3net_user' };
const OWN_OTHER_GROUP = { owner: 'alice', ownerGroup: 'km3net_prod' };
const GROUPMATE = { owner: 'bob', ownerGroup: 'km3net_user' };
const STRANGER = { owner: 'carol', ownerGroup: 'km3net_prod' };
const JOBS: Record<string, JobOwnership> = { OWN, OWN_OTHER_GROUP, GROUPMATE, STRANGER };

const CASES: [string, P[], string[]][] = [
  ['a normal user', [P.NormalUser], ['OWN', 'OWN_OTHER_GROUP']],
  ['a job sharer', [P.NormalUser, P.JobSharing], ['OWN', 'OWN_OTHER_GROUP', 'GROUPMATE']],
  ['a job administrator', [P.JobAdministrator], ['OWN', 'OWN_OTHER_GROUP', 'GROUPMATE', 'STRANGER']],
  ['a service administrator', [P.ServiceAdministrator, P.SiteManager], ['OWN', 'OWN_OTHER_GROUP']],
  ['a pilot', [P.Pilot], ['OWN', 'OWN_OTHER_GROUP']],
];

describe(canSeeJob.name, () => {
  it.each(CASES)('lets %s see exactly their allowed jobs', (_who, properties, allowed) => {
    const principal = principalWith(properties);
    const seen = Object.entries(JOBS).filter(([, job]) => canSeeJob(principal, job));
    expect(seen.map(([name]) => name)).toEqual(allowed);
  });
});

describe(canActOnJob.name, () => {
  it.each(CASES)('lets %s act on exactly the jobs they see', (_who, properties, allowed) => {
    const principal = principalWith(properties);
    const acted = Object.entries(JOBS).filter(([, job]) => canActOnJob(principal, job));
    expect(acted.map(([name]) => name)).toEqual(allowed);
  });
});

describe(visibleJobsFilter.name, () => {
  it('restricts a normal user to their own jobs', () => {
    expect(visibleJobsFilter(principalWith([P.NormalUser]))).toEqual({ owners: ['alice'] });
  });

  it("adds the current group's jobs for a job sharer", () => {
    expect(visibleJobsFilter(principalWith([P.JobSharing]))).toEqual({ owners: ['alice'], ownerGroups: ['km3net_user'] });
  });

  it('does not restrict a job administrator', () => {
    expect(visibleJobsFilter(principalWith([P.JobAdministrator, P.JobSharing]))).toBeNull();
  });

  it.each(CASES)('agrees with canSeeJob for %s', (_who, properties) => {
    const principal = principalWith(properties);
    for (const job of Object.values(JOBS)) {
      expect(matchesJobFilter(visibleJobsFilter(principal), job)).toBe(canSeeJob(principal, job));
    }
  });
});

describe(matchesJobFilter.name, () => {
  it('matches on owner or group, and nothing on an empty filter', () => {
    expect(matchesJobFilter({ ownerGroups: ['km3net_prod'] }, STRANGER)).toBe(true);
    expect(matchesJobFilter({ owners: ['carol'] }, STRANGER)).toBe(true);
    expect(matchesJobFilter({ owners: ['alice'], ownerGroups: ['km3net_user'] }, STRANGER)).toBe(false);
    expect(matchesJobFilter({}, OWN)).toBe(false);
    expect(matchesJobFilter(null, STRANGER)).toBe(true);
  });
});

describe(requireProperty.name, () => {
  it('passes when the principal holds any of the properties', () => {
    expect(() => requireProperty(principalWith([P.SiteManager]), P.ServiceAdministrator, P.SiteManager)).not.toThrow();
  });

  it('names the missing property', async () => {
    const error = await caught(() => requireProperty(principalWith([P.NormalUser]), P.JobAdministrator));
    expect(error).toBeInstanceOf(AuthException);
    expect(error).toMatchObject({
      code: AuthErrorCode.Forbidden,
      message:
        'alice (group km3net_user) lacks the JobAdministrator property: use a token of a group that has it, or ask an administrator to grant it',
      details: { missing: [P.JobAdministrator] },
    });
  });

  it('names every accepted property when several would do', async () => {
    const error = await caught(() => requireProperty(principalWith([P.Pilot]), P.ServiceAdministrator, P.SiteManager));
    expect((error as AuthException).message).toContain('lacks one of the properties ServiceAdministrator, SiteManager:');
  });
});
