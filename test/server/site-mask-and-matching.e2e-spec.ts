import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiError, Job, JobJdl, LoggingRecord, MatchResponse, SearchResult, Site, Slot } from './support/api-types.js';
import { describeOnEachDatabase, fixtureJdl, freshSite } from './support/test-server.js';

const SEED_JDL = fixtureJdl('jobs/seed.jdl');
const ENOUGH_CPU = 100_000;

describe('site mask and matching over HTTP', () => {
  describeOnEachDatabase({}, (server) => {
    let pilotToken: string;
    /** Every job a test submits; killed after it, so no test leaves a waiting job for the next one's slots. */
    let submitted: number[] = [];

    beforeAll(async () => {
      pilotToken = (await server().issueToken('admin', 'pilot')).token;
    });

    afterEach(async () => {
      if (submitted.length > 0) {
        await server().api('POST', '/api/jobs/kill', { jobIds: submitted });
        submitted = [];
      }
    });

    async function submit(jdl: string | string[]): Promise<number[]> {
      const ids = await server().submit(jdl);
      submitted.push(...ids);
      return ids;
    }

    /** A job that may run only at `site`. */
    async function submitAt(site: string, more = ''): Promise<number> {
      const [jobId] = await submit(`Executable = "reco.sh"; CPUTime = 3600; Site = "${site}"; ${more}`);
      return jobId ?? 0;
    }

    async function match(slot: Slot, token = pilotToken): Promise<MatchResponse['job']> {
      const response = await server().api<MatchResponse>('POST', '/api/matcher/match', slot, token);
      expect(response.status).toBe(200);
      return response.body.job;
    }

    async function status(jobId: number): Promise<string> {
      return (await server().api<Job>('GET', `/api/jobs/${jobId}`)).body.Status;
    }

    async function changeMask(action: 'ban' | 'allow', site: string, reason: string): Promise<Site[]> {
      const response = await server().api<Site[]>('POST', `/api/sites/${action}`, { site, reason });
      expect(response.status).toBe(200);
      return response.body;
    }

    it('gives a job that asks for a site to a slot at that site only', async () => {
      const siteA = freshSite('A');
      const jobId = await submitAt(siteA);
      expect(await match({ site: freshSite('B'), cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await status(jobId)).toBe('Waiting');
      expect((await match({ site: siteA, cpuTimeLeft: ENOUGH_CPU }))?.JobID).toBe(jobId);
    });

    it('moves the matched job to Matched at the slot site, as attempt 1 with a 32-hex fencing token', async () => {
      const site = freshSite('A');
      const jobId = await submitAt(site);
      const matched = await match({ site, cpuTimeLeft: ENOUGH_CPU, ce: 'ce01.example.org' });
      expect(matched).toEqual({
        JobID: jobId,
        attempt: 1,
        fencingToken: expect.stringMatching(/^[0-9a-f]{32}$/),
        Owner: 'admin',
        OwnerGroup: 'admin',
        jdl: expect.any(String),
      });
      const current = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
      expect(matched?.jdl).toBe(current.body.jdl);
      expect(await server().api<Job>('GET', `/api/jobs/${jobId}`)).toMatchObject({
        body: { Status: 'Matched', MinorStatus: 'Assigned', Site: site },
      });
      const history = await server().api<LoggingRecord[]>('GET', `/api/jobs/${jobId}/logging`);
      expect(history.body.map((record) => record.Status)).toEqual(['Received', 'Checking', 'Waiting', 'Matched']);
      expect(history.body.at(-1)).toMatchObject({ MinorStatus: 'Assigned', Source: 'Matcher' });
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU })).toBeNull();
    });

    it('gives no slot a job whose site is banned, and matches it again once the site is allowed', async () => {
      const site = freshSite('A');
      const jobId = await submitAt(site);
      const banned = await changeMask('ban', site, 'downtime until Monday');
      expect(banned).toContainEqual({
        site,
        status: 'Banned',
        reason: 'downtime until Monday',
        changedBy: 'admin',
        changedAt: expect.any(String),
      });
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await match({ site: freshSite('B'), cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await status(jobId)).toBe('Waiting');

      await changeMask('allow', site, 'back from downtime');
      const listed = await server().api<Site[]>('GET', '/api/sites');
      expect(listed.body).toContainEqual(expect.objectContaining({ site, status: 'Active', reason: 'back from downtime' }));
      expect((await match({ site, cpuTimeLeft: ENOUGH_CPU }))?.JobID).toBe(jobId);
    });

    it('gives a slot at a banned site no job at all, not even one that may run anywhere', async () => {
      const site = freshSite('A');
      await changeMask('ban', site, 'broken storage');
      const [anywhere] = await submit('Executable = "reco.sh"; CPUTime = 3600;');
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await status(anywhere ?? 0)).toBe('Waiting');
      await changeMask('allow', site, 'fixed');
    });

    it("lets the job's Requirements refuse a slot with too little memory and accept a big one", async () => {
      const site = freshSite('A');
      const jobId = await submitAt(site, 'Requirements = other.MaxRAM >= 4096;');
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU, ramMB: 2048 })).toBeNull();
      // A slot that does not say its memory: MaxRAM is undefined, so the Requirements are not true.
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await status(jobId)).toBe('Waiting');
      expect((await match({ site, cpuTimeLeft: ENOUGH_CPU, ramMB: 8192 }))?.JobID).toBe(jobId);
    });

    it("lets the slot's own ClassAd Requirements refuse a job", async () => {
      const site = freshSite('A');
      const jobId = await submitAt(site);
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU, classAd: '[ Requirements = other.CPUTime <= 1000; ]' })).toBeNull();
      expect((await match({ site, cpuTimeLeft: ENOUGH_CPU, classAd: '[ Requirements = other.CPUTime <= 3600; ]' }))?.JobID).toBe(jobId);
    });

    it('answers 400 with the line and column to a slot whose ClassAd is not JDL', async () => {
      const response = await server().api<ApiError>(
        'POST',
        '/api/matcher/match',
        { site: freshSite('A'), cpuTimeLeft: ENOUGH_CPU, classAd: '[\n  Requirements = ;\n]' },
        pilotToken,
      );
      expect(response).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/^classAd:2:18: /), details: { code: 'JDL_SYNTAX', line: 2, column: 18 } },
      });
    });

    it('gives the seed job (NumberOfProcessors = 4) only to a slot with 4 processors and enough CPU time', async () => {
      const site = freshSite('A');
      // Without its InputSandbox: local files need an uploaded sandbox (sandboxes.e2e-spec.ts), not the point here.
      const seed = SEED_JDL.replace(/InputSandbox=\{[^}]*\};\s*/, '');
      const [jobId] = await submit(seed.replace('NumberOfProcessors=4;', `NumberOfProcessors=4; Site="${site}";`));
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await match({ site, cpuTimeLeft: 10_000, processors: 4 })).toBeNull(); // CPUTime 10000 is in the 21600 segment
      expect((await match({ site, cpuTimeLeft: ENOUGH_CPU, processors: 4 }))?.JobID).toBe(jobId);
    });

    it('never matches a killed waiting job', async () => {
      const site = freshSite('A');
      const jobId = await submitAt(site);
      const killed = await server().api('POST', '/api/jobs/kill', { jobIds: [jobId] });
      expect(killed.status).toBe(200);
      expect(await match({ site, cpuTimeLeft: ENOUGH_CPU })).toBeNull();
      expect(await status(jobId)).toBe('Killed');
    });

    it('gives each waiting job to one slot only when many slots ask at once', async () => {
      const site = freshSite('A');
      const jobIds = await submit(Array.from({ length: 8 }, () => `Executable = "reco.sh"; CPUTime = 3600; Site = "${site}";`));
      const answers = await Promise.all(Array.from({ length: 16 }, () => match({ site, cpuTimeLeft: ENOUGH_CPU })));
      const matched = answers.filter((job) => job !== null).map((job) => job.JobID);
      expect([...matched].sort((a, b) => a - b)).toEqual([...jobIds].sort((a, b) => a - b));
      expect(answers.filter((job) => job === null)).toHaveLength(8);
    });

    it('answers {job: null} when no job is waiting', async () => {
      const waiting = await server().api<SearchResult>('POST', '/api/jobs/search', {
        search: [{ parameter: 'Status', operator: 'eq', value: 'Waiting' }],
      });
      expect(waiting.body.total).toBe(0);
      const response = await server().api<MatchResponse>(
        'POST',
        '/api/matcher/match',
        { site: freshSite('E'), cpuTimeLeft: ENOUGH_CPU },
        pilotToken,
      );
      expect(response).toMatchObject({ status: 200, body: { job: null } });
    });

    it('refuses a ban of a name that is not a DIRAC site name with 400', async () => {
      for (const site of ['not a site', 'NOSITE', '']) {
        const response = await server().api<ApiError>('POST', '/api/sites/ban', { site, reason: 'x' });
        expect({ site, status: response.status }).toEqual({ site, status: 400 });
      }
    });
  });
});
