import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDataSource, JobAttemptRepository, JobRepository, PilotRepository, runMigrations, type PilotRecord } from '@majorana/db';
import { JobStatus } from '@majorana/domain';
import { loadServerConfig, startServer, type RunningServer, type ServerConfig } from '@majorana/server';
import type { ApiError, Job } from './support/api-types.js';
import { createMariaDbDatabase, type MariaDbDatabase } from './support/mariadb-database.js';
import { DATABASE_KINDS, SERVER_HOOK_TIMEOUT_MS, type DatabaseKind } from './support/test-server.js';

/** A job that keeps its pilot busy long enough to be running when the server stops. */
const LONG_JOB = 'Executable = "/bin/sleep"; Arguments = "60"; CPUTime = 3600;';

/** A home, a database and the configuration of `majorana up` with one Local pilot of one slot. */
interface Installation {
  readonly home: string;
  readonly config: ServerConfig;
  remove(): Promise<void>;
}

async function newInstallation(kind: DatabaseKind, env: Readonly<Record<string, string>> = {}): Promise<Installation> {
  const home = await mkdtemp(join(tmpdir(), 'majorana-agents-e2e-'));
  let database: MariaDbDatabase | undefined;
  try {
    database = kind === 'mariadb' ? await createMariaDbDatabase() : undefined;
    const config = loadServerConfig({
      MAJORANA_HOME: home,
      MAJORANA_PORT: '0',
      MAJORANA_LOG_LEVEL: 'error',
      MAJORANA_LOCAL_PILOTS: '1',
      MAJORANA_LOCAL_SLOTS: '1',
      ...(database ? { MAJORANA_DB_URL: database.url } : {}),
      ...env,
    });
    return {
      home,
      config,
      remove: async () => {
        try {
          await database?.drop();
        } finally {
          await rm(home, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

/** `majorana up`: the server with its agents and Local CE, in this process. */
function up(installation: Installation): Promise<RunningServer> {
  // docsUi off: the Swagger UI plugin needs require(esm), which Jest's module loader lacks on Node 20.
  return startServer(installation.config, { docsUi: false, runAgents: true });
}

async function call<T>(server: RunningServer, path: string, token?: string): Promise<{ status: number; body: T }> {
  const bearer = token ?? readFileSync(server.adminTokenPath, 'utf8').trim();
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, body: (await response.json()) as T };
}

async function submit(server: RunningServer, jdl: string): Promise<number> {
  const response = await fetch(`${server.url}/api/jobs`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${readFileSync(server.adminTokenPath, 'utf8').trim()}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ jdl }),
  });
  const body = (await response.json()) as { jobIds: number[] };
  expect(response.status).toBe(201);
  return body.jobIds[0] ?? 0;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The pids of the Local CE's pilots, from the CE's own index in $MAJORANA_HOME/pilots. */
async function pilotPids(home: string): Promise<Map<string, number>> {
  const index = JSON.parse(await readFile(join(home, 'pilots', 'pilots.json'), 'utf8')) as { pilots?: { ref: string; pid: number }[] };
  return new Map((index.pilots ?? []).map((pilot) => [pilot.ref, pilot.pid]));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function localPilots(server: RunningServer): Promise<PilotRecord[]> {
  return server.app.get(PilotRepository).list({ ce: 'local' });
}

describe('the agents of `majorana up` and its Local CE', () => {
  for (const kind of DATABASE_KINDS) {
    describe(`on ${kind}`, () => {
      describe('a waiting job, then a stop', () => {
        let installation: Installation | undefined;
        let server: RunningServer | undefined;
        let jobId = 0;
        let pilot: PilotRecord | undefined;
        beforeAll(async () => {
          installation = await newInstallation(kind);
          server = await up(installation);
        }, SERVER_HOOK_TIMEOUT_MS);
        afterAll(async () => {
          await server?.close();
          await installation?.remove();
        }, SERVER_HOOK_TIMEOUT_MS);

        it('starts a real Local pilot within 5 s of a job waiting, recorded in the pilots table', async () => {
          const running = server!;
          const submittedAt = Date.now();
          jobId = await submit(running, LONG_JOB);

          pilot = await eventually('a Local pilot row', async () => (await localPilots(running))[0], 5_000);

          expect(Date.now() - submittedAt).toBeLessThan(5_000);
          expect(pilot).toMatchObject({ ce: 'local', site: 'Local.localhost' });
          expect(pilot.pilotRef).toMatch(/^local:\/\/local\/[0-9a-f-]{36}$/);
          expect(['Submitted', 'Running']).toContain(pilot.status);
          const pid = (await pilotPids(installation!.home)).get(pilot.pilotRef);
          expect(pid).toBeDefined();
          expect(isAlive(pid ?? 0)).toBe(true);
        });

        it('starts no second pilot while the first is starting or busy (MAJORANA_LOCAL_PILOTS=1)', async () => {
          await submit(server!, LONG_JOB);
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          expect(await localPilots(server!)).toHaveLength(1);
        });

        it("serves the pilot's output to an administrator, 404 for an unknown pilot, 403 to a normal user", async () => {
          const running = server!;
          const ref = encodeURIComponent(pilot?.pilotRef ?? '');
          const output = await call<{ stdout: unknown; stderr: unknown }>(running, `/api/pilots/${ref}/output`);
          expect(output.status).toBe(200);
          expect(output.body).toEqual({ stdout: expect.any(String), stderr: expect.any(String) });

          const unknown = await call<ApiError>(running, `/api/pilots/${encodeURIComponent('local://local/no-such-pilot')}/output`);
          expect(unknown.status).toBe(404);
          const foreign = await call<ApiError>(running, `/api/pilots/${encodeURIComponent('slurm://hpc01/42')}/output`);
          expect(foreign.status).toBe(404);

          const adminToken = readFileSync(running.adminTokenPath, 'utf8').trim();
          const userToken = await issueUserToken(running, adminToken);
          expect((await call<ApiError>(running, `/api/pilots/${ref}/output`, userToken)).status).toBe(403);
        });

        it(
          'stops its pilots with the server (no orphans) and loses none of their jobs',
          async () => {
            const pids = await pilotPids(installation!.home);
            await server!.close();
            server = undefined;

            for (const pid of pids.values()) {
              expect(isAlive(pid)).toBe(false);
            }
            server = await up(installation!);
            const job = await call<Job>(server, `/api/jobs/${jobId}`);
            expect(job.body.Status).not.toBe('Failed');
            expect(['Waiting', 'Matched', 'Running']).toContain(job.body.Status);
            const before = (await localPilots(server)).find((each) => each.pilotRef === pilot?.pilotRef);
            expect(before).toMatchObject({ status: expect.stringMatching(/^(Aborted|Done|Failed)$/) });
          },
          SERVER_HOOK_TIMEOUT_MS,
        );
      });

      describe('with MAJORANA_LOCAL_PILOTS=0', () => {
        let installation: Installation | undefined;
        let server: RunningServer | undefined;
        beforeAll(async () => {
          installation = await newInstallation(kind, { MAJORANA_LOCAL_PILOTS: '0' });
          server = await up(installation);
        }, SERVER_HOOK_TIMEOUT_MS);
        afterAll(async () => {
          await server?.close();
          await installation?.remove();
        }, SERVER_HOOK_TIMEOUT_MS);

        it('runs the other agents but starts no Local pilot for a waiting job', async () => {
          await submit(server!, LONG_JOB);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          expect(await localPilots(server!)).toEqual([]);
        });
      });

      describe('start-up after a crash', () => {
        let installation: Installation | undefined;
        let server: RunningServer | undefined;
        const crashedRef = 'local://local/00000000-0000-4000-8000-000000000001';
        let runningJob = 0;
        beforeAll(async () => {
          installation = await newInstallation(kind);
          runningJob = await leaveARunningJobOnALocalPilot(installation.config, crashedRef);
          server = await up(installation);
        }, SERVER_HOOK_TIMEOUT_MS);
        afterAll(async () => {
          await server?.close();
          await installation?.remove();
        }, SERVER_HOOK_TIMEOUT_MS);

        it('aborts the Local pilots the database still has as alive and reschedules their jobs at once', async () => {
          const running = server!;
          expect(await running.app.get(PilotRepository).find(crashedRef)).toMatchObject({ status: 'Aborted' });
          const job = (await call<Job>(running, `/api/jobs/${runningJob}`)).body;
          expect(job.RescheduleCounter).toBe(1);
          expect(['Waiting', 'Matched', 'Running']).toContain(job.Status);
        });
      });
    });
  }
});

/** Adds a user in group `user` through the admin API and returns a token of theirs. */
async function issueUserToken(server: RunningServer, adminToken: string): Promise<string> {
  const name = `ana_${Date.now().toString(36)}`;
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect([200, 201]).toContain((await post('/api/admin/users', { name, groups: ['user'] })).status);
  const issued = await post('/api/admin/tokens', { user: name, group: 'user' });
  return ((await issued.json()) as { token: string }).token;
}

/**
 * What a server killed with SIGKILL leaves behind: a Local pilot still Running in the pilots table and
 * a Running job whose current attempt is on it. Written straight into the database before the server
 * starts, as the dead server would have.
 */
async function leaveARunningJobOnALocalPilot(config: ServerConfig, pilotRef: string): Promise<number> {
  const dataSource = createDataSource(config.dbUrl ? { url: config.dbUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const jobs = new JobRepository(dataSource);
    const pilots = new PilotRepository(dataSource);
    const time = Date.now() - 60_000;
    const jdl = '[ Executable = "/bin/true"; CPUTime = 3600; ]';
    const [jobId = 0] = await jobs.insertJobs([
      {
        owner: 'admin',
        ownerGroup: 'admin',
        vo: 'majorana',
        jobName: 'crashed',
        jobType: 'User',
        userPriority: 1,
        originalJdl: jdl,
        currentJdl: jdl,
        submissionTime: time,
      },
    ]);
    await pilots.recordSubmitted([{ pilotRef, ce: 'local', site: 'Local.localhost', time }]);
    await pilots.connected({
      pilotRef,
      ce: 'local',
      site: 'Local.localhost',
      pilotVersion: '0.1.0',
      subject: 'pilot',
      replicaId: 'dead-replica',
      resources: '{}',
      time,
    });
    await new JobAttemptRepository(dataSource).create({
      jobId,
      attempt: 1,
      fencingToken: 'f1',
      matchedAt: time,
      site: 'Local.localhost',
      ce: 'local',
      pilotRef,
    });
    await jobs.transition(jobId, {
      from: [JobStatus.Received],
      to: { status: JobStatus.Running, minorStatus: 'Application' },
      source: 'test',
      time,
      set: { attempt: 1, site: 'Local.localhost', startExecTime: time, heartBeatTime: time },
    });
    return jobId;
  } finally {
    await dataSource.destroy();
  }
}
