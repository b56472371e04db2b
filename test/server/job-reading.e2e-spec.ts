import { describe, expect, it } from '@jest/globals';
import type { ApiError, Job, JobJdl, LoggingRecord, SearchBody, SearchCondition, SearchResult, SummaryRow } from './support/api-types.js';
import { describeOnEachDatabase, freshName, freshSite, type TestServer } from './support/test-server.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'] as const;
const BY_JOB_ID: SearchBody['sort'] = [{ parameter: 'JobID', direction: 'asc' }];

/** Five jobs of one fresh JobGroup, named `<group>_alpha` … `<group>_echo`, alternately at two fresh sites. */
interface Family {
  readonly server: TestServer;
  readonly group: string;
  readonly siteA: string;
  readonly siteB: string;
  /** Job IDs in the order of NAMES (ascending). */
  readonly ids: number[];
}

async function submitFamily(server: TestServer): Promise<Family> {
  const group = freshName('family');
  const siteA = freshSite('A');
  const siteB = freshSite('B');
  const jdls = NAMES.map(
    (name, index) =>
      `Executable = "reco.sh"; JobGroup = "${group}"; JobName = "${group}_${name}"; Site = "${index % 2 === 0 ? siteA : siteB}"; CPUTime = 3600;`,
  );
  return { server, group, siteA, siteB, ids: await server.submit(jdls) };
}

/** Searches within the family: its JobGroup AND the conditions. */
async function searchFamily(family: Family, conditions: SearchCondition[], extra: Omit<SearchBody, 'search'> = {}): Promise<SearchResult> {
  const response = await family.server.api<SearchResult>('POST', '/api/jobs/search', {
    search: [{ parameter: 'JobGroup', operator: 'eq', value: family.group }, ...conditions],
    ...extra,
  });
  expect(response.status).toBe(200);
  return response.body;
}

/** The short names (alpha…echo) of the family's jobs that match, in JobID order unless `extra.sort` says otherwise. */
async function namesFound(
  family: Family,
  conditions: SearchCondition[],
  extra: Omit<SearchBody, 'search'> = { sort: BY_JOB_ID },
): Promise<string[]> {
  const result = await searchFamily(family, conditions, extra);
  return result.jobs.map((job) => (job.JobName ?? '').slice(family.group.length + 1));
}

/** A job that only this test searches for, in a JobGroup of its own. */
async function submitNamed(server: TestServer, jobName: string): Promise<Family> {
  const group = freshName('accents');
  const ids = await server.submit(`Executable = "x.sh"; JobGroup = "${group}"; JobName = "${jobName}"; CPUTime = 3600;`);
  return { server, group, siteA: '', siteB: '', ids };
}

describe('reading jobs over HTTP', () => {
  describeOnEachDatabase({}, (server) => {
    it('filters with eq, neq, in and not in', async () => {
      const family = await submitFamily(server());
      const [first, , , , last] = family.ids;
      const name = (short: string): string => `${family.group}_${short}`;
      expect(await namesFound(family, [{ parameter: 'JobName', operator: 'eq', value: name('bravo') }])).toEqual(['bravo']);
      expect(await namesFound(family, [{ parameter: 'Site', operator: 'neq', value: family.siteA }])).toEqual(['bravo', 'delta']);
      expect(await namesFound(family, [{ parameter: 'JobID', operator: 'in', values: [first ?? 0, last ?? 0, 999_999] }])).toEqual([
        'alpha',
        'echo',
      ]);
      expect(await namesFound(family, [{ parameter: 'JobName', operator: 'not in', values: [name('alpha'), name('charlie')] }])).toEqual([
        'bravo',
        'delta',
        'echo',
      ]);
      // eq is exact on both databases (MariaDB's columns are binary, like SQLite's).
      expect(await namesFound(family, [{ parameter: 'Owner', operator: 'eq', value: 'ADMIN' }])).toEqual([]);
    });

    it('compares JobID and SubmissionTime with lt and gt', async () => {
      const family = await submitFamily(server());
      const [, second, , fourth] = family.ids;
      expect(await namesFound(family, [{ parameter: 'JobID', operator: 'gt', value: second ?? 0 }])).toEqual(['charlie', 'delta', 'echo']);
      const between: SearchCondition[] = [
        { parameter: 'JobID', operator: 'gt', value: second ?? 0 },
        { parameter: 'JobID', operator: 'lt', value: fourth ?? 0 },
      ];
      expect(await namesFound(family, between)).toEqual(['charlie']);

      const job = await server().api<Job>('GET', `/api/jobs/${family.ids[0]}`);
      const submitted = Date.parse(job.body.SubmissionTime);
      const aMinuteBefore = new Date(submitted - 60_000).toISOString();
      const aMinuteAfter = new Date(submitted + 60_000).toISOString();
      const total = async (condition: SearchCondition): Promise<number> => (await searchFamily(family, [condition])).total;
      expect(await total({ parameter: 'SubmissionTime', operator: 'gt', value: aMinuteBefore })).toBe(5);
      expect(await total({ parameter: 'SubmissionTime', operator: 'lt', value: aMinuteBefore })).toBe(0);
      expect(await total({ parameter: 'SubmissionTime', operator: 'lt', value: aMinuteAfter })).toBe(5);
      // One bulk request: every job has the same SubmissionTime, which eq finds to the millisecond.
      expect(await total({ parameter: 'SubmissionTime', operator: 'eq', value: job.body.SubmissionTime })).toBe(5);
    });

    it('matches text with like: % and _ wildcards, \\ escapes, ignoring case', async () => {
      const family = await submitFamily(server());
      // `_` is any one character: "%_ch%" finds e·ch·o too; escaped, "%\_ch%" finds only _charlie (hex has no "h").
      expect(await namesFound(family, [{ parameter: 'JobName', operator: 'like', value: '%_ch%' }])).toEqual(['charlie', 'echo']);
      expect(await namesFound(family, [{ parameter: 'JobName', operator: 'like', value: '%\\_ch%' }])).toEqual(['charlie']);
      expect(await namesFound(family, [{ parameter: 'JobName', operator: 'like', value: `${family.group.toUpperCase()}_D_LTA` }])).toEqual([
        'delta',
      ]);
      expect((await searchFamily(family, [{ parameter: 'Status', operator: 'like', value: 'wait%' }])).total).toBe(5);
    });

    // Both databases must answer `like` alike: any case (Unicode), accents kept (MariaDB once used
    // utf8mb4_general_ci, which also folds accents; SQLite's LIKE folds ASCII only).
    it('does not treat accented letters as unaccented in like (same answer on both databases)', async () => {
      const family = await submitNamed(server(), 'café');
      expect((await searchFamily(family, [{ parameter: 'JobName', operator: 'like', value: 'café' }])).total).toBe(1);
      expect((await searchFamily(family, [{ parameter: 'JobName', operator: 'like', value: 'cafe' }])).total).toBe(0);
    });

    it('ignores the case of accented letters in like (same answer on both databases)', async () => {
      const family = await submitNamed(server(), 'café');
      expect((await searchFamily(family, [{ parameter: 'JobName', operator: 'like', value: 'CAFÉ' }])).total).toBe(1);
    });

    it('sorts by several keys in either direction, and by JobID descending by default', async () => {
      const family = await submitFamily(server());
      expect(await namesFound(family, [], {})).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
      expect(await namesFound(family, [], { sort: [{ parameter: 'JobName', direction: 'asc' }] })).toEqual([
        'alpha',
        'bravo',
        'charlie',
        'delta',
        'echo',
      ]);
      // Which of the two fresh sites sorts first is not known in advance.
      const siteAFirst = family.siteA < family.siteB;
      const bySiteThenNameDesc = await namesFound(family, [], {
        sort: [
          { parameter: 'Site', direction: 'asc' },
          { parameter: 'JobName', direction: 'desc' },
        ],
      });
      const atA = ['echo', 'charlie', 'alpha'];
      const atB = ['delta', 'bravo'];
      expect(bySiteThenNameDesc).toEqual(siteAFirst ? [...atA, ...atB] : [...atB, ...atA]);
    });

    it('pages through the matches without overlap, with total counting every match', async () => {
      const family = await submitFamily(server());
      const pages: string[][] = [];
      for (const page of [1, 2, 3, 4]) {
        const result = await searchFamily(family, [], { sort: BY_JOB_ID, page, perPage: 2 });
        expect(result.total).toBe(5);
        pages.push(result.jobs.map((job) => (job.JobName ?? '').slice(family.group.length + 1)));
      }
      expect(pages).toEqual([['alpha', 'bravo'], ['charlie', 'delta'], ['echo'], []]);
      const filtered = await searchFamily(family, [{ parameter: 'Site', operator: 'eq', value: family.siteA }], { perPage: 1 });
      expect(filtered.jobs).toHaveLength(1);
      expect(filtered.total).toBe(3);
    });

    it('counts jobs by status and site in the summary', async () => {
      const family = await submitFamily(server());
      const killed = await server().api('POST', '/api/jobs/kill', { jobIds: [family.ids[0]] });
      expect(killed.status).toBe(200);
      const response = await server().api<SummaryRow[]>('GET', '/api/jobs/summary?groupBy=status,site');
      expect(response.status).toBe(200);
      const ours = response.body.filter((row) => row['site'] === family.siteA || row['site'] === family.siteB);
      expect(ours).toEqual(
        expect.arrayContaining([
          { status: 'Killed', site: family.siteA, count: 1 },
          { status: 'Waiting', site: family.siteA, count: 2 },
          { status: 'Waiting', site: family.siteB, count: 2 },
        ]),
      );
      expect(ours).toHaveLength(3);
      const byStatus = await server().api<SummaryRow[]>('GET', '/api/jobs/summary');
      expect(byStatus.body.every((row) => Object.keys(row).sort().join() === 'count,status')).toBe(true);
    });

    it('refuses a summary grouped by an unknown field with 400', async () => {
      const response = await server().api<ApiError>('GET', '/api/jobs/summary?groupBy=status,colour');
      expect(response).toMatchObject({ status: 400, body: { statusCode: 400, message: expect.stringContaining('groupBy') } });
    });

    it('shows a job, its JDL, its history and its parameters', async () => {
      const family = await submitFamily(server());
      const jobId = family.ids[2] ?? 0;
      const job = await server().api<Job>('GET', `/api/jobs/${jobId}`);
      expect(job).toMatchObject({
        status: 200,
        body: {
          JobID: jobId,
          Status: 'Waiting',
          Site: family.siteA,
          JobGroup: family.group,
          JobName: `${family.group}_charlie`,
          Owner: 'admin',
          OwnerGroup: 'admin',
          VO: 'majorana',
          JobType: 'User',
          RescheduleCounter: 0,
          HeartBeatTime: null,
        },
      });
      expect(Date.parse(job.body.SubmissionTime)).not.toBeNaN();
      const jdl = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
      expect(jdl).toMatchObject({
        status: 200,
        body: { JobID: jobId, jdl: expect.stringContaining(`JobName = "${family.group}_charlie"`) },
      });
      const logging = await server().api<LoggingRecord[]>('GET', `/api/jobs/${jobId}/logging`);
      expect(logging.status).toBe(200);
      expect(logging.body.map((record) => record.Status)).toEqual(['Received', 'Checking', 'Waiting']);
      const times = logging.body.map((record) => Date.parse(record.StatusTime));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const parameters = await server().api<Record<string, string>>('GET', `/api/jobs/${jobId}/parameters`);
      expect(parameters).toMatchObject({ status: 200, body: {} });
    });

    it('answers 404 for a job that does not exist, on every read', async () => {
      for (const path of ['', '/jdl', '/jdl?original=true', '/logging', '/parameters']) {
        const response = await server().api<ApiError>('GET', `/api/jobs/987654321${path}`);
        expect({ path, status: response.status, body: response.body }).toMatchObject({
          path,
          status: 404,
          body: { statusCode: 404, error: 'Not Found', code: 'JOB_NOT_FOUND', message: expect.stringContaining('987654321') },
        });
      }
    });

    it('answers 400 for a job ID that is not a number', async () => {
      const response = await server().api<ApiError>('GET', '/api/jobs/abc');
      expect(response).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
    });

    it('refuses a search on an unknown parameter, with an unknown operator or with an unknown field, with 400', async () => {
      const invalid: { body: unknown; says: string }[] = [
        { body: { search: [{ parameter: 'Colour', operator: 'eq', value: 'red' }] }, says: 'parameter must be one of' },
        { body: { search: [{ parameter: 'Status', operator: 'approximately', value: 'Done' }] }, says: 'operator must be one of' },
        { body: { search: [], colour: 'red' }, says: 'colour' },
        { body: { search: [{ parameter: 'Status', operator: 'eq', value: 'Done', colour: 'red' }] }, says: 'colour' },
        { body: { sort: [{ parameter: 'Colour', direction: 'asc' }] }, says: 'sort parameter must be one of' },
        { body: { sort: [{ parameter: 'JobID', direction: 'sideways' }] }, says: 'direction' },
        { body: { perPage: 0 }, says: 'perPage' },
        { body: { page: 'two' }, says: 'page' },
      ];
      for (const { body, says } of invalid) {
        const response = await server().api<ApiError>('POST', '/api/jobs/search', body);
        expect({ body, status: response.status, message: response.body.message }).toEqual({
          body,
          status: 400,
          message: expect.stringContaining(says),
        });
      }
    });

    it('refuses a condition without what its operator needs, like on a number, and a date that is not one, with 400', async () => {
      const invalid: SearchCondition[] = [
        { parameter: 'Status', operator: 'eq' },
        { parameter: 'Status', operator: 'in', value: 'Waiting' },
        { parameter: 'JobID', operator: 'like', value: '1%' },
        { parameter: 'JobID', operator: 'gt', value: 'many' },
        { parameter: 'SubmissionTime', operator: 'gt', value: 'yesterday' },
      ];
      for (const condition of invalid) {
        const response = await server().api<ApiError>('POST', '/api/jobs/search', { search: [condition] });
        expect({ condition, status: response.status, statusCode: response.body.statusCode }).toEqual({
          condition,
          status: 400,
          statusCode: 400,
        });
      }
    });
  });
});
