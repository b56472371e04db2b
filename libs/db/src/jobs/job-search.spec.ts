import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { DbErrorCode } from '../db.exception.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import type { JobSearchCondition, JobSearchQuery } from './job-search-query.js';
import { JobRepository } from './job.repository.js';

const S = JobStatus;

// Five jobs, each different in the attributes a search looks at. This file's database holds only these.
const JOBS = [
  { jobName: 'reco_001', owner: 'alice', ownerGroup: 'km3net_user', site: 'ANY', jobGroup: 'run42', jobType: 'User', userPriority: 1 },
  {
    jobName: 'reco_002',
    owner: 'alice',
    ownerGroup: 'km3net_user',
    site: 'LCG.CERN.ch',
    jobGroup: 'run42',
    jobType: 'User',
    userPriority: 3,
  },
  {
    jobName: 'Calib-A',
    owner: 'bob',
    ownerGroup: 'km3net_user',
    site: 'LCG.IN2P3.fr',
    jobGroup: 'run43',
    jobType: 'MCSimulation',
    userPriority: 2,
  },
  {
    jobName: 'calib-b',
    owner: 'bob',
    ownerGroup: 'km3net_prod',
    site: 'LCG.CERN.ch',
    jobGroup: '',
    jobType: 'MCSimulation',
    userPriority: 5,
  },
  { jobName: 'Reco_100%', owner: 'carol', ownerGroup: 'km3net_prod', site: 'ANY', jobGroup: 'run43', jobType: 'User', userPriority: 1 },
].map((job, index) => newJobFixture({ ...job, submissionTime: T0 + index * 1000 }));

describe('JobRepository search and summary', () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: JobRepository;
    const idOf = new Map<string, number>();

    beforeAll(async () => {
      sut = new JobRepository(getDataSource());
      const ids = await sut.insertJobs(JOBS);
      JOBS.forEach((job, index) => idOf.set(job.jobName, ids[index] ?? 0));
      const move = (name: string, from: JobStatus, status: JobStatus, minorStatus: string, time: number) =>
        sut.transition(idOf.get(name) ?? 0, { from: [from], to: { status, minorStatus }, source: 'test', time });
      await move('reco_002', S.Received, S.Checking, 'JobSanity', T0 + 10_000);
      await move('Calib-A', S.Received, S.Checking, 'JobSanity', T0 + 11_000);
      await move('Calib-A', S.Checking, S.Waiting, 'Pilot Agent Submission', T0 + 12_000);
      await move('calib-b', S.Received, S.Failed, 'Input data missing', T0 + 13_000);
    });

    async function names(conditions: JobSearchCondition[], extra: Partial<JobSearchQuery> = {}): Promise<string[]> {
      const result = await sut.search({ conditions, sort: [], page: 1, perPage: 100, ...extra });
      return result.jobs.map((job) => job.jobName);
    }

    it('filters with eq and neq', async () => {
      expect(await names([{ parameter: 'Status', operator: 'eq', value: 'Received' }])).toEqual(['reco_001', 'Reco_100%']);
      expect(await names([{ parameter: 'Owner', operator: 'neq', value: 'alice' }])).toEqual(['Calib-A', 'calib-b', 'Reco_100%']);
      expect(await names([{ parameter: 'JobID', operator: 'eq', value: String(idOf.get('Calib-A')) }])).toEqual(['Calib-A']);
    });

    it('filters with in and not in, and treats empty lists as nothing and everything', async () => {
      expect(await names([{ parameter: 'Site', operator: 'in', values: ['LCG.CERN.ch', 'LCG.IN2P3.fr'] }])).toEqual([
        'reco_002',
        'Calib-A',
        'calib-b',
      ]);
      expect(await names([{ parameter: 'JobType', operator: 'not in', values: ['User'] }])).toEqual(['Calib-A', 'calib-b']);
      expect(await names([{ parameter: 'JobGroup', operator: 'in', values: [] }])).toEqual([]);
      expect(await names([{ parameter: 'JobGroup', operator: 'not in', values: [] }])).toHaveLength(5);
    });

    it('filters with lt and gt on times and ids', async () => {
      expect(await names([{ parameter: 'SubmissionTime', operator: 'lt', value: T0 + 2000 }])).toEqual(['reco_001', 'reco_002']);
      expect(await names([{ parameter: 'LastUpdateTime', operator: 'gt', value: T0 + 11_000 }])).toEqual(['Calib-A', 'calib-b']);
      expect(await names([{ parameter: 'JobID', operator: 'gt', value: idOf.get('calib-b') ?? 0 }])).toEqual(['Reco_100%']);
    });

    it('filters with like: user wildcards, case ignored, backslash escapes a wildcard', async () => {
      expect(await names([{ parameter: 'JobName', operator: 'like', value: 'reco%' }])).toEqual(['reco_001', 'reco_002', 'Reco_100%']);
      expect(await names([{ parameter: 'JobName', operator: 'like', value: 'calib-_' }])).toEqual(['Calib-A', 'calib-b']);
      expect(await names([{ parameter: 'JobName', operator: 'like', value: '%\\%' }])).toEqual(['Reco_100%']);
      expect(await names([{ parameter: 'MinorStatus', operator: 'like', value: '%data%' }])).toEqual(['calib-b']);
    });

    it('ANDs every condition', async () => {
      const conditions: JobSearchCondition[] = [
        { parameter: 'OwnerGroup', operator: 'eq', value: 'km3net_user' },
        { parameter: 'Status', operator: 'in', values: ['Checking', 'Waiting'] },
        { parameter: 'Site', operator: 'neq', value: 'LCG.CERN.ch' },
      ];
      expect(await names(conditions)).toEqual(['Calib-A']);
    });

    it('sorts by several keys, then by job id', async () => {
      const sort = [
        { parameter: 'Owner', direction: 'desc' },
        { parameter: 'SubmissionTime', direction: 'asc' },
      ] as const;
      expect(await names([], { sort })).toEqual(['Reco_100%', 'Calib-A', 'calib-b', 'reco_001', 'reco_002']);
      expect(await names([], { sort: [{ parameter: 'Site', direction: 'asc' }] })).toEqual([
        'reco_001',
        'Reco_100%',
        'reco_002',
        'calib-b',
        'Calib-A',
      ]);
    });

    it('pages without overlap and counts every match in total', async () => {
      const query = { conditions: [], sort: [{ parameter: 'JobName', direction: 'asc' }], perPage: 2 } as const;
      const pages = await Promise.all([1, 2, 3, 4].map((page) => sut.search({ ...query, page })));

      expect(pages.map((page) => page.jobs.map((job) => job.jobName))).toEqual([
        ['Calib-A', 'Reco_100%'],
        ['calib-b', 'reco_001'],
        ['reco_002'],
        [],
      ]);
      expect(pages.map((page) => page.total)).toEqual([5, 5, 5, 5]);
    });

    it('shows only what visibleTo allows, on top of the conditions', async () => {
      const visible = (visibleTo: JobSearchQuery['visibleTo']) => sut.search({ conditions: [], sort: [], page: 1, perPage: 1, visibleTo });

      expect(await visible({ owners: ['alice'] })).toMatchObject({ total: 2 });
      expect(await visible({ ownerGroups: ['km3net_prod'] })).toMatchObject({ total: 2 });
      expect(await visible({ owners: ['bob'], ownerGroups: ['km3net_prod'] })).toMatchObject({ total: 1 });
      expect(await visible({ owners: [] })).toMatchObject({ total: 0, jobs: [] });
      expect(await names([{ parameter: 'Owner', operator: 'eq', value: 'carol' }], { visibleTo: { owners: ['alice'] } })).toEqual([]);
    });

    it('refuses parameters, operators, values and pages outside the whitelist', async () => {
      const refused = (query: Partial<JobSearchQuery>) =>
        expect(sut.search({ conditions: [], sort: [], page: 1, perPage: 10, ...query })).rejects.toMatchObject({
          code: DbErrorCode.InvalidQuery,
        });
      const unchecked = (condition: Record<string, unknown>) => condition as unknown as JobSearchCondition;

      await refused({ conditions: [unchecked({ parameter: 'owner; DROP TABLE jobs', operator: 'eq', value: 'x' })] });
      await refused({ conditions: [unchecked({ parameter: '__proto__', operator: 'eq', value: 'x' })] });
      await refused({ conditions: [unchecked({ parameter: 'Owner', operator: 'OR 1=1 --', value: 'x' })] });
      await refused({ conditions: [{ parameter: 'JobID', operator: 'like', value: '1%' }] });
      await refused({ conditions: [{ parameter: 'JobID', operator: 'eq', value: '1 OR 1=1' }] });
      await refused({ conditions: [{ parameter: 'Owner', operator: 'in', value: 'alice' }] });
      await refused({ conditions: [{ parameter: 'Owner', operator: 'eq' }] });
      await refused({ sort: [unchecked({ parameter: 'Owner', direction: 'sideways' }) as never] });
      await refused({ page: 0 });
      await refused({ perPage: 100_000 });
      expect((await sut.search({ conditions: [], sort: [], page: 1, perPage: 10 })).total).toBe(5);
    });

    it('summarises by any grouping, within what visibleTo allows', async () => {
      expect(await sut.summary(['status'])).toEqual([
        { status: 'Checking', count: 1 },
        { status: 'Failed', count: 1 },
        { status: 'Received', count: 2 },
        { status: 'Waiting', count: 1 },
      ]);
      expect(await sut.summary(['owner', 'site'], { ownerGroups: ['km3net_user'] })).toEqual([
        { owner: 'alice', site: 'ANY', count: 1 },
        { owner: 'alice', site: 'LCG.CERN.ch', count: 1 },
        { owner: 'bob', site: 'LCG.IN2P3.fr', count: 1 },
      ]);
      expect(await sut.summary([])).toEqual([{ count: 5 }]);
      await expect(sut.summary(['vo' as never])).rejects.toMatchObject({ code: DbErrorCode.InvalidQuery });
    });
  });
});
