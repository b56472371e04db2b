import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadServerConfig, startServer, type RunningServer } from '@majorana/server';
import { eventually } from '../pilots/support/pilot-process.js';
import type { Job, SearchResult } from '../server/support/api-types.js';
import { createMariaDbDatabase, type MariaDbDatabase } from '../server/support/mariadb-database.js';
import { DATABASE_KINDS, SERVER_HOOK_TIMEOUT_MS, type DatabaseKind } from '../server/support/test-server.js';

/**
 * The Snakemake profile as a physicist uses it: Debian's Snakemake 7 runs a workflow with
 * `--profile clients/snakemake` from the workflow's own folder, with the built `majorana` on PATH
 * (as `npm link` puts it), against a real server whose Local CE starts real pilots that run the
 * jobscripts in place.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROFILE = join(root, 'clients', 'snakemake');
const CLI = join(root, 'apps', 'cli', 'dist', 'main.js');
const SNAKEMAKE = '/usr/bin/snakemake';

/** simulate → process → summarise over three runs; summarise also records the Majorana job that ran it. */
const WORKFLOW = `RUNS = [1, 2, 3]

rule summarise:
    input: expand("proc/{run}.txt", run=RUNS)
    output: "summary.txt"
    shell: "cat {input} > {output} && echo $MAJORANA_JOB_ID > summarised-by.txt"

rule process:
    input: "sim/{run}.txt"
    output: "proc/{run}.txt"
    shell: "sed 's/events/events processed/' {input} > {output}"

rule simulate:
    output: "sim/{run}.txt"
    shell: "echo \\"run {wildcards.run}: $(( {wildcards.run} * {wildcards.run} )) events\\" > {output}"
`;

const FAILING_WORKFLOW = `rule all:
    input: "done.txt"

rule broken:
    output: "done.txt"
    shell: "echo about to fail; exit 3"
`;

const SLOW_WORKFLOW = `rule slow:
    output: "slow.txt"
    shell: "sleep 120 && touch {output}"
`;

interface Run {
  readonly code: number | null;
  readonly signal: string | null;
  readonly output: string;
}

describe('the Snakemake profile (clients/snakemake)', () => {
  let scratch: string;
  let binDir: string;

  beforeAll(async () => {
    if (!existsSync(SNAKEMAKE)) {
      throw new Error(`${SNAKEMAKE} is missing: apt-get install -y --no-install-recommends snakemake (.ci/run does)`);
    }
    if (!existsSync(CLI)) {
      throw new Error(`${CLI} is missing: run npm run build first`);
    }
    scratch = await mkdtemp(join(tmpdir(), 'majorana-snakemake-e2e-'));
    // `npm link` puts a `majorana` on PATH; so does this, for the built CLI.
    binDir = join(scratch, 'bin');
    await mkdir(binDir);
    await writeFile(join(binDir, 'majorana'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    await chmod(join(binDir, 'majorana'), 0o755);
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  for (const kind of DATABASE_KINDS) {
    describe(`on ${kind}`, () => {
      let server: ServerUnderTest | undefined;
      const running = (): ServerUnderTest => {
        if (server === undefined) {
          throw new Error(`the ${kind} server is not running: see the error of its beforeAll`);
        }
        return server;
      };

      beforeAll(async () => {
        server = await startServerWithPilots(kind);
      }, SERVER_HOOK_TIMEOUT_MS);
      afterAll(async () => {
        await server?.close();
      }, SERVER_HOOK_TIMEOUT_MS);

      /** A fresh user's token, a fresh status-cache folder and a fresh workflow folder holding `snakefile`. */
      async function newWorkflow(snakefile: string): Promise<{ dir: string; env: NodeJS.ProcessEnv; token: string }> {
        const dir = await mkdtemp(join(scratch, 'workflow-'));
        const runtimeDir = await mkdtemp(join(scratch, 'runtime-'));
        await writeFile(join(dir, 'Snakefile'), snakefile);
        const token = await running().newUserToken();
        const env = {
          ...process.env,
          PATH: `${binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
          MAJORANA_URL: running().url,
          MAJORANA_TOKEN: token,
          XDG_RUNTIME_DIR: runtimeDir,
          // Snakemake polls every second instead of every ten.
          CI: 'true',
        };
        return { dir, env, token };
      }

      it('runs a three-rule workflow with wildcards through Majorana and gets the right final file', async () => {
        const { dir, env, token } = await newWorkflow(WORKFLOW);

        const run = await snakemake(['--profile', PROFILE, '--cores', '1', '-j', '3'], dir, env);

        expect(run).toMatchObject({ code: 0 });
        expect(await readFile(join(dir, 'summary.txt'), 'utf8')).toBe(
          'run 1: 1 events processed\nrun 2: 4 events processed\nrun 3: 9 events processed\n',
        );
        const jobs = await running().jobsOf(token);
        expect(jobs.map((job) => `${job.JobName?.replace(/\.\d+$/, '')} ${job.Status}`).sort()).toEqual([
          'process Done',
          'process Done',
          'process Done',
          'simulate Done',
          'simulate Done',
          'simulate Done',
          'summarise Done',
        ]);
        const summarise = jobs.find((job) => job.JobName?.startsWith('summarise.'));
        expect((await readFile(join(dir, 'summarised-by.txt'), 'utf8')).trim()).toBe(String(summarise?.JobID));
        expect(run.output).toMatch(/Submitted job \d+ with external jobid '\d+'/);
      }, 300_000);

      it('fails the workflow when a rule fails, naming the Majorana job', async () => {
        const { dir, env, token } = await newWorkflow(FAILING_WORKFLOW);

        const run = await snakemake(['--profile', PROFILE, '--cores', '1', '-j', '2'], dir, env);

        expect(run.code).not.toBe(0);
        const [job] = await running().jobsOf(token);
        expect(job).toMatchObject({ JobName: expect.stringMatching(/^broken\.\d+$/), Status: 'Failed' });
        expect(run.output).toContain('Error in rule broken');
        expect(run.output).toContain(`cluster_jobid: ${job?.JobID}`);
        expect(existsSync(join(dir, 'done.txt'))).toBe(false);
      }, 300_000);

      it('kills the running jobs when Snakemake is interrupted', async () => {
        const { dir, env, token } = await newWorkflow(SLOW_WORKFLOW);
        const child = spawn(SNAKEMAKE, ['--profile', PROFILE, '--cores', '1', '-j', '2'], { cwd: dir, env });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        try {
          // Interrupted before the submit command has answered, Snakemake would not know the JobID to cancel.
          const jobId = await eventually(
            'the slow job to run, with Snakemake knowing its JobID',
            async () => {
              const job = (await running().jobsOf(token)).find((each) => each.Status === 'Running');
              return job !== undefined && output.includes(`with external jobid '${job.JobID}'`) ? job.JobID : undefined;
            },
            120_000,
          );

          child.kill('SIGINT');
          await exited;

          const killed = await eventually(
            `job ${jobId} to be killed`,
            async () => (await running().jobsOf(token)).find((job) => job.JobID === jobId && job.Status === 'Killed'),
            60_000,
          );
          expect(killed).toBeDefined();
          // The shared cache may answer what Snakemake last saw for up to 2 s more.
          const status = await eventually(
            `majorana snakemake status ${jobId} to say failed`,
            async () => {
              const answer = await command('majorana', ['snakemake', 'status', String(jobId)], dir, env);
              return answer.stdout === 'running\n' ? undefined : answer;
            },
            30_000,
          );
          expect(status).toMatchObject({ code: 0, stdout: 'failed\n' });
        } catch (error) {
          throw new Error(`${(error as Error).message}\nSnakemake said:\n${output}`);
        } finally {
          if (child.exitCode === null) {
            child.kill('SIGKILL');
          }
        }
      }, 300_000);
    });
  }
});

/** Runs Snakemake to its end; the output (stdout and stderr together) is in the result for failure messages. */
async function snakemake(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const run = await command(SNAKEMAKE, args, cwd, env);
  return { code: run.code, signal: run.signal, output: run.output };
}

/**
 * Runs a command to its end, asynchronously: the server runs in this process, so a spawnSync would
 * stop it from answering the very command it waits for.
 */
function command(program: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, env });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output, stdout }));
  });
}

interface ServerUnderTest {
  readonly url: string;
  /** A token of a new user of group `user`, so that their jobs are exactly one test's. */
  newUserToken(): Promise<string>;
  /** The user's jobs, by JobID. */
  jobsOf(token: string): Promise<Job[]>;
  close(): Promise<void>;
}

/** `majorana up` in this process: the server with its agents and a Local CE of two 2-slot pilots. */
async function startServerWithPilots(kind: DatabaseKind): Promise<ServerUnderTest> {
  const home = await mkdtemp(join(tmpdir(), 'majorana-snakemake-server-'));
  let database: MariaDbDatabase | undefined;
  let server: RunningServer | undefined;
  const close = async (): Promise<void> => {
    try {
      await server?.close();
    } finally {
      await database?.drop();
      await rm(home, { recursive: true, force: true });
    }
  };
  try {
    database = kind === 'mariadb' ? await createMariaDbDatabase() : undefined;
    const config = loadServerConfig({
      MAJORANA_HOME: home,
      MAJORANA_PORT: '0',
      MAJORANA_LOG_LEVEL: 'error',
      MAJORANA_LOCAL_PILOTS: '2',
      MAJORANA_LOCAL_SLOTS: '2',
      ...(database ? { MAJORANA_DB_URL: database.url } : {}),
    });
    // docsUi off: the Swagger UI plugin needs require(esm), which Jest's module loader lacks on Node 20.
    server = await startServer(config, { docsUi: false, runAgents: true });
  } catch (error) {
    await close();
    throw error;
  }
  const url = server.url;
  const adminToken = readFileSync(server.adminTokenPath, 'utf8').trim();
  const call = async <T>(path: string, body: unknown, token = adminToken): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  return {
    url,
    async newUserToken() {
      const name = `physicist_${randomBytes(4).toString('hex')}`;
      await call('/api/admin/users', { name, groups: ['user'] });
      return (await call<{ token: string }>('/api/admin/tokens', { user: name, group: 'user' })).token;
    },
    async jobsOf(token) {
      const found = await call<SearchResult>('/api/jobs/search', { sort: [{ parameter: 'JobID', direction: 'asc' }], perPage: 100 }, token);
      return found.jobs;
    },
    close,
  };
}
