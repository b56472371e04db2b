import { describe, expect, it } from '@jest/globals';
import { rawTarGz } from '@majorana/sandbox/testing';
import type { ApiError, Job, JobJdl, LoggingRecord, SearchResult, SubmitResult } from './support/api-types.js';
import { describeOnEachDatabase, fixtureJdl, freshName, type TestServer } from './support/test-server.js';

const SEED_JDL = fixtureJdl('jobs/seed.jdl');
/** Three detector runs, JobName "reco_%s", Parameters = { 1041, 1042, 1043 }. */
const SWEEP_JDL = fixtureJdl('jobs/run-sweep.jdl');
/** Line 4 is `  CPUTime = "two hours";`: an invalid value at column 13. */
const BAD_CPUTIME_JDL = fixtureJdl('jobs/bad-cputime.jdl');
/** DiracX's OpenAPI example with its closing quote missing: a syntax error. */
const UNCLOSED_QUOTE_JDL = fixtureJdl('jdl-corpus/20_diracx-openapi-example-unclosed-quote.jdl');

async function totalJobs(server: TestServer): Promise<number> {
  const response = await server.api<SearchResult>('POST', '/api/jobs/search', { perPage: 1 });
  expect(response.status).toBe(200);
  return response.body.total;
}

async function jobsNamed(server: TestServer, jobGroup: string): Promise<Job[]> {
  const response = await server.api<SearchResult>('POST', '/api/jobs/search', {
    search: [{ parameter: 'JobGroup', operator: 'eq', value: jobGroup }],
    sort: [{ parameter: 'JobID', direction: 'asc' }],
  });
  expect(response.status).toBe(200);
  return response.body.jobs;
}

describe('job submission over HTTP', () => {
  describeOnEachDatabase({}, (server) => {
    it('stores a plain JDL as a Waiting job whose history is Received → Checking → Waiting', async () => {
      const name = freshName('plain');
      const response = await server().api<SubmitResult>('POST', '/api/jobs', {
        jdl: `Executable = "hello.sh"; JobName = "${name}"; CPUTime = 3600;`,
      });
      expect(response).toMatchObject({ status: 201, body: { jobIds: [expect.any(Number)], warnings: [] } });
      const [jobId] = response.body.jobIds;

      const job = await server().api<Job>('GET', `/api/jobs/${jobId}`);
      expect(job.body).toMatchObject({ JobID: jobId, Status: 'Waiting', JobName: name, Owner: 'admin', OwnerGroup: 'admin', Site: 'ANY' });
      const logging = await server().api<LoggingRecord[]>('GET', `/api/jobs/${jobId}/logging`);
      expect(logging.status).toBe(200);
      expect(logging.body.map((record) => record.Status)).toEqual(['Received', 'Checking', 'Waiting']);
      expect(logging.body[0]).toMatchObject({ MinorStatus: 'Job accepted', Source: 'JobManager' });
      expect(logging.body.slice(1).map((record) => record.Source)).toEqual(['Optimizer', 'Optimizer']);
    });

    it('makes one job per parameter of a parametric JDL, each with its parameter filled in', async () => {
      const jobIds = await server().submit(SWEEP_JDL);
      expect(jobIds).toHaveLength(3);
      const names: string[] = [];
      for (const jobId of jobIds) {
        const job = await server().api<Job>('GET', `/api/jobs/${jobId}`);
        expect(job.body.Status).toBe('Waiting');
        names.push(job.body.JobName ?? '');
        const jdl = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
        expect(jdl.body.jdl).not.toMatch(/Parameters\s*=/);
      }
      expect(names).toEqual(['reco_1041', 'reco_1042', 'reco_1043']);
    });

    it('stores every JDL of a bulk request, in the order given', async () => {
      const group = freshName('bulk');
      const jdls = ['first', 'second', 'third'].map(
        (name) => `Executable = "run.sh"; JobName = "${name}"; JobGroup = "${group}"; CPUTime = 3600;`,
      );
      const response = await server().api<SubmitResult>('POST', '/api/jobs', { jdls });
      expect(response.status).toBe(201);
      expect(response.body.jobIds).toHaveLength(3);
      const stored = await jobsNamed(server(), group);
      expect(stored.map((job) => [job.JobID, job.JobName, job.Status])).toEqual([
        [response.body.jobIds[0], 'first', 'Waiting'],
        [response.body.jobIds[1], 'second', 'Waiting'],
        [response.body.jobIds[2], 'third', 'Waiting'],
      ]);
    });

    it('accepts the seed job and keeps its sandboxes, CPU time and processors in the JDL it runs', async () => {
      // Its local input files travel in an uploaded sandbox, named beside them (as DIRAC's client leaves them).
      const files = rawTarGz([
        { path: 'runstuff.sh', content: 'cat "$1"' },
        { path: 'inputfile.txt', content: 'x' },
      ]);
      const uploaded = await server().sendRaw('POST', '/api/sandboxes', files, 'application/gzip');
      expect(uploaded.status).toBe(201);
      const ref = (uploaded.body as { ref: string }).ref;
      const seed = SEED_JDL.replace('InputSandbox={', `InputSandbox={"${ref}",`);
      const [jobId] = await server().submit(seed);
      const job = await server().api<Job>('GET', `/api/jobs/${jobId}`);
      expect(job.body).toMatchObject({ Status: 'Waiting', JobType: 'User' });
      const jdl = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
      expect(jdl.body.jdl).toContain('Executable = "runstuff.sh inputfile.txt"');
      expect(jdl.body.jdl).toMatch(new RegExp(`InputSandbox = \\{\\s*"${ref}",\\s*"runstuff.sh",\\s*"inputfile.txt"\\s*\\}`));
      expect(jdl.body.jdl).toContain('OutputSandbox = { "stdout.txt", "stderr.txt" }');
      expect(jdl.body.jdl).toContain('CPUTime = 10000');
      expect(jdl.body.jdl).toContain('NumberOfProcessors = 4');
      const original = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl?original=true`);
      expect(original.body.jdl).toBe(seed);
    });

    it('refuses an invalid value with 400, its line and column, and stores nothing', async () => {
      const before = await totalJobs(server());
      const response = await server().api<ApiError>('POST', '/api/jobs', { jdl: BAD_CPUTIME_JDL });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        code: 'JDL_INVALID_VALUE',
        message: 'jdl:4:13: CPUTime must be an integer between 100 and 500000, got "two hours"',
        details: { code: 'JDL_INVALID_VALUE', file: 'jdl', line: 4, column: 13 },
      });
      expect(await totalJobs(server())).toBe(before);
    });

    it('refuses a syntax error with 400 and a located JDL_SYNTAX error, and stores nothing', async () => {
      const before = await totalJobs(server());
      const response = await server().api<ApiError>('POST', '/api/jobs', { jdl: UNCLOSED_QUOTE_JDL });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^jdl:\d+:\d+: /);
      expect(response.body.details).toEqual({
        code: 'JDL_SYNTAX',
        file: 'jdl',
        line: expect.any(Number),
        column: expect.any(Number),
        message: expect.any(String),
      });
      expect(await totalJobs(server())).toBe(before);
    });

    it('stores nothing of a bulk request with one bad JDL, and names the bad one', async () => {
      const group = freshName('allornone');
      const good = `Executable = "run.sh"; JobGroup = "${group}"; CPUTime = 3600;`;
      const before = await totalJobs(server());
      const response = await server().api<ApiError>('POST', '/api/jobs', { jdls: [good, good, BAD_CPUTIME_JDL, good] });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^jdls\[2\]:4:13: /);
      expect(response.body.details).toMatchObject({ code: 'JDL_INVALID_VALUE', file: 'jdls[2]', line: 4, column: 13 });
      expect(await totalJobs(server())).toBe(before);
      expect(await jobsNamed(server(), group)).toEqual([]);
    });

    it('refuses a request with both or neither of "jdl" and "jdls"', async () => {
      const both = await server().api<ApiError>('POST', '/api/jobs', { jdl: SEED_JDL, jdls: [SEED_JDL] });
      expect(both).toMatchObject({ status: 400, body: { message: expect.stringContaining('exactly one of') } });
      const neither = await server().api<ApiError>('POST', '/api/jobs', {});
      expect(neither.status).toBe(400);
    });

    it('warns that InputData is kept but not acted on, and still stores the job', async () => {
      const response = await server().api<SubmitResult>('POST', '/api/jobs', {
        jdl: 'Executable = "analyse.sh"; CPUTime = 3600; InputData = { "/majorana/data/run1041.root", "LFN:/majorana/data/run1042.root" };',
      });
      expect(response.status).toBe(201);
      expect(response.body.warnings).toEqual([expect.stringContaining('InputData')]);
      const job = await server().api<Job>('GET', `/api/jobs/${response.body.jobIds[0]}`);
      expect(job.body.Status).toBe('Waiting');
    });

    it('replaces %j by the job ID in the JDL it runs and keeps the submitted text as original', async () => {
      const jdl = 'Executable = "reco.sh"; Arguments = "--job %j"; StdOutput = "job_%j.out"; CPUTime = 3600;';
      const [jobId] = await server().submit(jdl);
      const current = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
      expect(current.body.JobID).toBe(jobId);
      expect(current.body.jdl).toContain(`Arguments = "--job ${jobId}"`);
      expect(current.body.jdl).toContain(`StdOutput = "job_${jobId}.out"`);
      expect(current.body.jdl).not.toContain('%j');
      const original = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl?original=true`);
      expect(original.body.jdl).toBe(jdl);
    });

    it('gives each job of a parametric JDL its own ID for %j', async () => {
      const jobIds = await server().submit('Executable = "reco.sh"; Arguments = "%s %j"; CPUTime = 3600; Parameters = { "a", "b", "c" };');
      expect(jobIds).toHaveLength(3);
      for (const [index, jobId] of jobIds.entries()) {
        const current = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
        expect(current.body.jdl).toContain(`Arguments = "${['a', 'b', 'c'][index]} ${jobId}"`);
      }
    });

    it('takes Owner, OwnerGroup and VO from the token, never from the JDL', async () => {
      const user = await server().newUser(['user']);
      const [jobId] = await server().submit(
        'Executable = "x.sh"; CPUTime = 3600; Owner = "admin"; OwnerGroup = "admin"; VirtualOrganization = "other";',
        user.token,
      );
      const job = await server().api<Job>('GET', `/api/jobs/${jobId}`);
      expect(job.body).toMatchObject({ Owner: user.name, OwnerGroup: 'user', VO: 'majorana' });
    });
  });
});
