import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import type { ApiError, Job, JobActionResponse, MatchResponse, SearchResult, SummaryRow } from './support/api-types.js';
import { describeOnEachDatabase, freshName, freshSite, type TestServer, type TestUser } from './support/test-server.js';

const ADMIN_PROPERTIES = ['NormalUser', 'JobAdministrator', 'SiteManager', 'ServiceAdministrator'];

/** A token with the administrator's claims, signed with a key that is not the server's. */
async function forgedAdminToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'admin', vo: 'majorana', dirac_group: 'admin', dirac_properties: ADMIN_PROPERTIES, jti: freshName('forged') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('majorana')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(randomBytes(32));
}

/** The user's real token with its payload rewritten to the admin group's, signature kept. */
function escalated(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const altered = Buffer.from(JSON.stringify({ ...claims, dirac_group: 'admin', dirac_properties: ADMIN_PROPERTIES })).toString(
    'base64url',
  );
  return `${header}.${altered}.${signature}`;
}

/** The same claims with `alg: none` and no signature. */
function unsigned(token: string): string {
  const [, payload] = token.split('.');
  return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
}

async function searchAll(server: TestServer, token: string, owner?: string): Promise<SearchResult> {
  const response = await server.api<SearchResult>(
    'POST',
    '/api/jobs/search',
    { perPage: 10_000, ...(owner === undefined ? {} : { search: [{ parameter: 'Owner', operator: 'eq', value: owner }] }) },
    token,
  );
  expect(response.status).toBe(200);
  return response.body;
}

const ONE_JOB = 'Executable = "mine.sh"; CPUTime = 3600;';

describe('access control over HTTP', () => {
  describeOnEachDatabase({}, (server) => {
    it('answers 401 to a request without a token, and serves health without one', async () => {
      for (const [method, path] of [
        ['POST', '/api/jobs/search'],
        ['GET', '/api/jobs/1'],
        ['GET', '/api/sites'],
        ['POST', '/api/matcher/match'],
        ['POST', '/api/admin/tokens'],
      ] as const) {
        const response = await server().api<ApiError>(method, path, method === 'POST' ? {} : undefined, null);
        expect({ path, status: response.status, error: response.body.error, code: response.body.code }).toEqual({
          path,
          status: 401,
          error: 'Unauthorized',
          code: 'AUTH_MISSING_TOKEN',
        });
      }
      const health = await server().api('GET', '/api/health', undefined, null);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    });

    it('answers 401 to garbage in the Authorization header', async () => {
      for (const header of ['Bearer garbage', 'Bearer a.b.c', 'Bearer', 'Bearer two tokens', 'Basic YWRtaW46YWRtaW4=', 'garbage']) {
        const response = await fetch(`${server().url}/api/jobs/search`, {
          method: 'POST',
          headers: { authorization: header, 'content-type': 'application/json' },
          body: '{}',
        });
        expect({ header, status: response.status }).toEqual({ header, status: 401 });
        expect(((await response.json()) as ApiError).statusCode).toBe(401);
      }
    });

    it('answers 401 to a forged token: signed with another key, altered after signing, or unsigned', async () => {
      const user = await server().newUser(['user']);
      for (const [kind, token] of [
        ['another key', await forgedAdminToken()],
        ['altered claims', escalated(user.token)],
        ['alg none', unsigned(user.token)],
      ] as const) {
        const response = await server().api<ApiError>('POST', '/api/jobs/search', {}, token);
        expect({ kind, status: response.status }).toEqual({ kind, status: 401 });
        const ban = await server().api<ApiError>('POST', '/api/sites/ban', { site: freshSite('F'), reason: 'forged' }, token);
        expect({ kind, status: ban.status }).toEqual({ kind, status: 401 });
      }
    });

    it("answers 401 to a revoked token while the user's other tokens keep working", async () => {
      const user = await server().newUser(['user']);
      const second = await server().issueToken(user.name, 'user');
      expect((await server().api('POST', '/api/jobs/search', {}, user.token)).status).toBe(200);

      const revoked = await server().api('POST', '/api/admin/tokens/revoke', { jti: user.jti });
      expect(revoked).toMatchObject({ status: 200, body: { revoked: 1 } });
      const refused = await server().api<ApiError>('POST', '/api/jobs/search', {}, user.token);
      expect(refused).toMatchObject({ status: 401, body: { code: 'AUTH_REVOKED', message: expect.stringContaining('revoked') } });
      expect((await server().api('POST', '/api/jobs/search', {}, second.token)).status).toBe(200);

      const all = await server().api('POST', '/api/admin/tokens/revoke', { user: user.name });
      expect(all).toMatchObject({ status: 200, body: { revoked: 1 } });
      expect((await server().api('POST', '/api/jobs/search', {}, second.token)).status).toBe(401);
    });

    describe('a NormalUser', () => {
      let ana: TestUser;
      let bob: TestUser;
      let anaJobs: number[];
      let bobJobs: number[];

      beforeAll(async () => {
        ana = await server().newUser(['user'], 'ana');
        bob = await server().newUser(['user'], 'bob');
        anaJobs = await server().submit([ONE_JOB, ONE_JOB], ana.token);
        bobJobs = await server().submit([ONE_JOB, ONE_JOB], bob.token);
      });

      it('sees only their own jobs in search and summary', async () => {
        const seenByAna = await searchAll(server(), ana.token);
        expect(seenByAna.jobs.map((job) => job.JobID).sort()).toEqual([...anaJobs].sort());
        expect(seenByAna.total).toBe(2);
        expect(await searchAll(server(), ana.token, bob.name)).toEqual({ jobs: [], total: 0 });

        const summary = await server().api<SummaryRow[]>('GET', '/api/jobs/summary?groupBy=owner', undefined, ana.token);
        expect(summary).toMatchObject({ status: 200, body: [{ owner: ana.name, count: 2 }] });
      });

      it("answers 403 when reading another user's job", async () => {
        const bobJob = bobJobs[0] ?? 0;
        for (const path of ['', '/jdl', '/logging', '/parameters']) {
          const response = await server().api<ApiError>('GET', `/api/jobs/${bobJob}${path}`, undefined, ana.token);
          expect({ path, status: response.status, error: response.body.error, code: response.body.code }).toEqual({
            path,
            status: 403,
            error: 'Forbidden',
            code: 'JOB_FORBIDDEN',
          });
        }
        expect((await server().api('GET', `/api/jobs/${anaJobs[0]}`, undefined, ana.token)).status).toBe(200);
      });

      it("is not allowed to kill, delete or reschedule another user's job, which stays as it was", async () => {
        const bobJob = bobJobs[1] ?? 0;
        for (const action of ['kill', 'delete', 'reschedule']) {
          const response = await server().api<JobActionResponse>(
            'POST',
            `/api/jobs/${action}`,
            { jobIds: [bobJob, anaJobs[1]] },
            ana.token,
          );
          expect(response.status).toBe(200);
          expect(response.body.results[0]).toMatchObject({
            JobID: bobJob,
            result: 'not allowed',
            reason: expect.stringContaining(bob.name),
          });
          if (action === 'kill') {
            expect(response.body.results[1]).toMatchObject({ JobID: anaJobs[1], result: 'done' });
          }
        }
        const job = await server().api<Job>('GET', `/api/jobs/${bobJob}`, undefined, bob.token);
        expect(job.body.Status).toBe('Waiting');
      });

      it('is refused the site mask, the matcher and the admin API with 403', async () => {
        const site = freshSite('N');
        for (const [path, body] of [
          ['/api/sites/ban', { site, reason: 'I do not like it' }],
          ['/api/sites/allow', { site, reason: 'I like it again' }],
          ['/api/matcher/match', { site, cpuTimeLeft: 100_000 }],
          ['/api/admin/users', { name: freshName('eve'), groups: ['admin'] }],
          ['/api/admin/tokens', { user: 'admin' }],
        ] as const) {
          const response = await server().api<ApiError>('POST', path, body, ana.token);
          expect({ path, status: response.status, error: response.body.error, code: response.body.code }).toEqual({
            path,
            status: 403,
            error: 'Forbidden',
            code: 'AUTH_FORBIDDEN',
          });
        }
        const sites = await server().api<{ site: string }[]>('GET', '/api/sites', undefined, ana.token);
        expect(sites.status).toBe(200);
        expect(sites.body.map((entry) => entry.site)).not.toContain(site);
      });
    });

    it('lets the JobAdministrator see every job and act on it', async () => {
      const carol = await server().newUser(['user'], 'carol');
      const dave = await server().newUser(['user'], 'dave');
      const carolJobs = await server().submit([ONE_JOB, ONE_JOB], carol.token);
      const [daveJob] = await server().submit(ONE_JOB, dave.token);
      const ids = (await searchAll(server(), server().adminToken)).jobs.map((job) => job.JobID);
      expect(ids).toEqual(expect.arrayContaining([...carolJobs, daveJob]));
      expect((await server().api<Job>('GET', `/api/jobs/${daveJob}`)).body.Owner).toBe(dave.name);
      const killed = await server().api<JobActionResponse>('POST', '/api/jobs/kill', { jobIds: [daveJob] });
      expect(killed.body.results).toEqual([{ JobID: daveJob, result: 'done', reason: '' }]);
      const history = await server().api<{ Status: string; Source: string }[]>('GET', `/api/jobs/${daveJob}/logging`);
      expect(history.body.at(-1)).toMatchObject({ Status: 'Killed', Source: 'admin@admin' });
    });

    it('lets a pilot token match, and refuses it the jobs API with 403', async () => {
      const pilot = await server().newUser(['pilot'], 'pilot');
      // A slot with no CPU time left: no job fits, so no other test's job is taken.
      const match = await server().api<MatchResponse>('POST', '/api/matcher/match', { site: freshSite('P'), cpuTimeLeft: 0 }, pilot.token);
      expect(match).toMatchObject({ status: 200, body: { job: null } });
      for (const [method, path, body] of [
        ['POST', '/api/jobs', { jdl: ONE_JOB }],
        ['POST', '/api/jobs/search', {}],
        ['GET', '/api/jobs/summary', undefined],
        ['POST', '/api/jobs/kill', { jobIds: [1] }],
      ] as const) {
        const response = await server().api<ApiError>(method, path, body, pilot.token);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
    });

    it('issues tokens only for a membership that exists', async () => {
      const user = await server().newUser(['user']);
      // 403 by design (resolveMembership: a membership that does not exist is never granted).
      const wrongGroup = await server().api<ApiError>('POST', '/api/admin/tokens', { user: user.name, group: 'admin' });
      expect(wrongGroup).toMatchObject({ status: 403, body: { message: expect.stringContaining(`${user.name} is not in group "admin"`) } });
      const nobody = await server().api<ApiError>('POST', '/api/admin/tokens', { user: freshName('nobody') });
      expect(nobody).toMatchObject({ status: 403, body: { message: expect.stringContaining('there is no user') } });
      const unknownGroup = await server().api<ApiError>('POST', '/api/admin/users', { name: freshName('carl'), groups: ['wizards'] });
      expect(unknownGroup).toMatchObject({ status: 400, body: { message: expect.stringContaining('wizards') } });
    });
  });
});
