import { describe, expect, it } from '@jest/globals';
import { describeJobs, jobMatchAd } from '@majorana/jdl';
import { JobStatus } from '../jobs/job-status.js';
import { computingElementResource, type ComputingElementView } from '../matching/computing-element-view.js';
import type { ResourceDescription } from '../matching/resource-description.js';
import { taskQueueDefinitionOf } from '../task-queues/task-queue-definition.js';
import type { ExplainCheck } from './explain-check.js';
import { explainJob, type ExplainJobInput } from './explain-job.js';

const CNAF = 'LCG.CNAF.it';
const NIKHEF = 'LCG.NIKHEF.nl';
const IN2P3 = 'LCG.IN2P3.fr';

const computingElements: ComputingElementView[] = [
  {
    site: CNAF,
    ce: 'ce01.cnaf.it',
    platforms: ['EL9'],
    tags: ['CVMFS'],
    maxCPUTime: 172_800,
    maxProcessors: 8,
    wholeNode: false,
    ramMB: 16_000,
  },
  {
    site: NIKHEF,
    ce: 'ce.nikhef.nl',
    platforms: ['EL8', 'EL9'],
    tags: [],
    maxCPUTime: 43_200,
    maxProcessors: 1,
    wholeNode: false,
    ramMB: 4000,
  },
  {
    site: IN2P3,
    ce: 'cc.in2p3.fr',
    platforms: ['EL9'],
    tags: ['CVMFS', 'GPU'],
    maxCPUTime: 345_600,
    maxProcessors: 64,
    wholeNode: true,
    ramMB: null,
  },
];

// One pilot connected at CNAF and one at NIKHEF, each offering what its queue offers.
const resources: ResourceDescription[] = computingElements.slice(0, 2).map(computingElementResource);

function input(jdl: string, overrides: Partial<ExplainJobInput> = {}): ExplainJobInput {
  const [job] = describeJobs(`[ Executable = "reco.sh"; ${jdl} ]`);
  if (job === undefined) {
    throw new Error('the JDL describes no job');
  }
  return {
    status: JobStatus.Waiting,
    definition: taskQueueDefinitionOf(job.description, { owner: 'alice', ownerGroup: 'km3net_user', vo: 'km3net' }),
    jobAd: jobMatchAd(job),
    bannedSites: new Set(),
    knownSites: [CNAF, NIKHEF, IN2P3],
    computingElements,
    resources,
    clock: { now: () => 0, random: () => 0 },
    ...overrides,
  };
}

function check(checks: ExplainCheck[], name: ExplainCheck['name']): ExplainCheck {
  const found = checks.find((candidate) => candidate.name === name);
  if (found === undefined) {
    throw new Error(`no ${name} check`);
  }
  return found;
}

const cnafJob = `Site = "${CNAF}"; Platform = "EL9"; Tags = {"CVMFS"}; CPUTime = 50000`;

describe(explainJob.name, () => {
  it('passes every check for a Waiting job that a connected pilot can run', () => {
    expect(explainJob(input(cnafJob))).toEqual([
      { name: 'status', passed: true, detail: 'The job is Waiting in its task queue for a pilot to take it.' },
      { name: 'sites-known', passed: true, detail: 'Every site the job asks for is known: LCG.CNAF.it.' },
      { name: 'sites-not-banned', passed: true, detail: '1 of 1 sites the job may run at are open.' },
      {
        name: 'computing-element',
        passed: true,
        detail: '1 of 1 computing element at the sites the job may run at offer platform EL9 with tag CVMFS: ce01.cnaf.it.',
      },
      {
        name: 'cpu-time',
        passed: true,
        detail: "1 of 1 computing element at the sites the job may run at give at least the job's CPU-time segment of 86400 HS06·s.",
      },
      { name: 'processors', passed: true, detail: '1 of 1 computing element at the sites the job may run at offer 1 processor.' },
      { name: 'memory', passed: true, detail: 'The job sets no MaxRAM.' },
      {
        name: 'connected-resources',
        passed: true,
        detail:
          "1 of 2 connected resources match the job's task queue; the job runs when one asks for work and fair share picks its queue.",
      },
      { name: 'requirements', passed: true, detail: 'The job sets no Requirements.' },
    ]);
  });

  it('fails sites-not-banned and connected-resources once the job`s only site is banned', () => {
    const before = explainJob(input(cnafJob));
    const after = explainJob(input(cnafJob, { bannedSites: new Set([CNAF]) }));
    expect(check(after, 'sites-not-banned')).toEqual({
      name: 'sites-not-banned',
      passed: false,
      detail:
        'Every site the job may run at is banned in the site mask: LCG.CNAF.it; add other sites to Site, or wait for an administrator to allow it again.',
    });
    expect(check(after, 'connected-resources')).toEqual({
      name: 'connected-resources',
      passed: false,
      detail:
        "None of the 2 connected resources matches the job's task queue; the most common reason (1 of 2): Site LCG.CNAF.it is banned in the site mask.",
    });
    const flipped = after.filter((item, index) => item.passed !== before[index]?.passed).map((item) => item.name);
    expect(flipped).toEqual(['sites-not-banned', 'connected-resources']);
  });

  it('names the banned sites but passes while one allowed site is open', () => {
    const result = check(explainJob(input('', { bannedSites: new Set([CNAF, 'Elsewhere.org']) })), 'sites-not-banned');
    expect(result).toEqual({
      name: 'sites-not-banned',
      passed: true,
      detail: '2 of 3 sites the job may run at are open (banned in the site mask: LCG.CNAF.it).',
    });
  });

  it('says when Site and BannedSites leave no known site at all', () => {
    const result = check(explainJob(input(`Site = {"${CNAF}", "Elsewhere.org"}; BannedSites = "${CNAF}"`)), 'sites-not-banned');
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('Site and BannedSites leave the job no known site to run at; widen Site or shorten BannedSites.');
  });

  it('explains a job that is not Waiting by what its state means', () => {
    const running = explainJob(input(cnafJob, { status: JobStatus.Running }));
    expect(check(running, 'status')).toEqual({ name: 'status', passed: false, detail: 'The job is running on a worker node.' });
    const failed = check(explainJob(input(cnafJob, { status: JobStatus.Failed })), 'status');
    expect(failed.detail).toBe('The job failed (see its minor status); reschedule it to run it again.');
  });

  it('names sites the grid does not know, case-sensitively', () => {
    const result = check(explainJob(input('Site = {"LCG.CNAF.it", "lcg.nikhef.nl"}')), 'sites-known');
    expect(result).toEqual({
      name: 'sites-known',
      passed: false,
      detail:
        'The job asks for a site this grid does not know: lcg.nikhef.nl; correct the Site attribute (known sites: LCG.CNAF.it, LCG.NIKHEF.nl and LCG.IN2P3.fr; names are case-sensitive).',
    });
    expect(check(explainJob(input('')), 'sites-known').detail).toBe('The job may run at any site (it sets no Site).');
  });

  it('says which platforms and tags the allowed computing elements offer instead', () => {
    const result = check(explainJob(input(`Site = {"${CNAF}", "${NIKHEF}"}; Tags = {"GPU"}`)), 'computing-element');
    expect(result).toEqual({
      name: 'computing-element',
      passed: false,
      detail:
        'None of the 2 computing elements at the sites the job may run at offers tag GPU (they offer platforms EL9 and EL8 and tags CVMFS); change Platform or Tags, or choose sites that offer them.',
    });
    expect(check(explainJob(input('Tags = {"GPU"}')), 'computing-element').passed).toBe(true);
  });

  it('says when no computing element matches the job`s GridCE', () => {
    const result = check(explainJob(input(`Site = "${CNAF}"; GridCE = "ce02.cnaf.it"`)), 'computing-element');
    expect(result.detail).toBe('No computing element named ce02.cnaf.it (GridCE) at LCG.CNAF.it.');
    expect(check(explainJob(input(`Site = "${CNAF}"; GridCE = "ce02.cnaf.it"`)), 'cpu-time').passed).toBe(false);
  });

  it('tells how far to lower CPUTime when every queue is too short', () => {
    const result = check(explainJob(input(`Site = "${NIKHEF}"; CPUTime = 50000`)), 'cpu-time');
    expect(result).toEqual({
      name: 'cpu-time',
      passed: false,
      detail:
        "CPUTime is rounded up to the job's CPU-time segment of 86400 HS06·s, but the longest queue at the sites the job may run at gives 43200 HS06·s; lower CPUTime to 43200 or less.",
    });
    expect(check(explainJob(input(`Site = "${NIKHEF}"; CPUTime = 43200`)), 'cpu-time').passed).toBe(true);
  });

  it('tells how many processors the allowed computing elements offer', () => {
    const result = check(explainJob(input(`Site = {"${CNAF}", "${NIKHEF}"}; NumberOfProcessors = 16`)), 'processors');
    expect(result.passed).toBe(false);
    expect(result.detail).toBe(
      'The job needs 16 processors but computing elements at the sites it may run at offer at most 8; lower NumberOfProcessors (or MinNumberOfProcessors) to 8 or less.',
    );
    expect(check(explainJob(input('NumberOfProcessors = 16')), 'processors').passed).toBe(true);
  });

  it('says when no allowed computing element offers a whole node', () => {
    const result = check(explainJob(input(`Site = "${CNAF}"; WholeNode = true`)), 'processors');
    expect(result.passed).toBe(false);
    expect(result.detail).toBe(
      'The job asks for a whole node (WholeNode) but no computing element at the sites it may run at offers one; drop WholeNode or choose sites that do.',
    );
  });

  it('tells how far to lower MaxRAM, counting an unpublished limit as enough', () => {
    const result = check(explainJob(input(`Site = {"${CNAF}", "${NIKHEF}"}; MaxRAM = 32000`)), 'memory');
    expect(result.detail).toBe(
      'The job needs 32000 MB (MaxRAM) but computing elements at the sites it may run at offer at most 16000 MB; lower MaxRAM to 16000 or less.',
    );
    expect(check(explainJob(input(`Site = "${IN2P3}"; MaxRAM = 32000`)), 'memory').passed).toBe(true);
  });

  it('says when no pilot is connected', () => {
    const result = check(explainJob(input(cnafJob, { resources: [] })), 'connected-resources');
    expect(result.passed).toBe(false);
    expect(result.detail).toBe(
      'No pilot is connected right now; pilots are sent to computing elements that can run waiting jobs (see the checks above).',
    );
  });

  it('passes Requirements true for at least one connected resource or computing element', () => {
    const result = check(explainJob(input('Requirements = other.NumberOfProcessors >= 32')), 'requirements');
    expect(result).toEqual({
      name: 'requirements',
      passed: true,
      detail:
        "The job's Requirements (other.NumberOfProcessors >= 32) is true for 1 of 5 (2 connected resources and 3 computing elements).",
    });
  });

  it('fails Requirements false for all of them', () => {
    const result = check(explainJob(input('Requirements = other.NumberOfProcessors >= 128')), 'requirements');
    expect(result).toEqual({
      name: 'requirements',
      passed: false,
      detail:
        "The job's Requirements (other.NumberOfProcessors >= 128) is false for all 5 (2 connected resources and 3 computing elements); relax or remove it.",
    });
  });

  it('fails Requirements that no resource makes true, and counts the undefined ones', () => {
    const result = check(explainJob(input('Requirements = other.NumberOfProcessors >= 128 || other.Memory > 1')), 'requirements');
    expect(result).toEqual({
      name: 'requirements',
      passed: false,
      detail:
        "The job's Requirements (other.NumberOfProcessors >= 128 || other.Memory > 1) is not true for any of the 5 (2 connected resources and 3 computing elements): it is undefined or an error for 5, as when it uses an attribute they do not publish or a misspelt one; relax or remove it.",
    });
  });

  it('cannot check the task-queue checks of a job not yet in a task queue', () => {
    const checks = explainJob(input('Requirements = other.Site == "LCG.CNAF.it"', { status: JobStatus.Received, definition: null }));
    expect(checks.map((item) => [item.name, item.passed])).toEqual([
      ['status', false],
      ['sites-known', false],
      ['sites-not-banned', false],
      ['computing-element', false],
      ['cpu-time', false],
      ['processors', false],
      ['memory', false],
      ['connected-resources', false],
      ['requirements', true],
    ]);
    expect(check(checks, 'cpu-time').detail).toBe('Cannot check the CPU time: the job is not in a task queue yet.');
  });
});
