import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mysql from 'mysql2/promise';

/**
 * Three real server replicas (the built `majorana server`, separate processes) on one MariaDB database
 * and one MAJORANA_HOME, and 60 pilots asking them for work at once: every job must be handed out
 * exactly once, whichever replica a pilot asks. This is the claim's promise (one atomic DELETE …
 * RETURNING per job) tested where it matters, across processes and pooled connections.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'apps', 'cli', 'dist', 'main.js');

/** Where the throw-away database is made: root on the local MariaDB, as CI starts it (same variable as libs/db's tests). */
const MARIADB_ADMIN_URL = new URL(process.env['MAJORANA_TEST_MARIADB_URL'] ?? 'mysql://root@127.0.0.1:3306');

const REPLICAS = 3;
const JOBS = 10_000;
const MATCHERS = 60;
/** A matcher stops after this many empty answers in a row, EMPTY_PAUSE_MS apart (longer than a replica's 1 s task-queue cache). */
const EMPTY_ANSWERS_TO_STOP = 5;
const EMPTY_PAUSE_MS = 300;

const SLOT = { site: 'LCG.Concurrency.org', ce: 'ce.concurrency.org', cpuTimeLeft: 86_400 };

interface Replica {
  readonly child: ChildProcess;
  output: string;
  url?: string;
}

interface MatchedJob {
  readonly JobID: number;
  readonly attempt: number;
  readonly fencingToken: string;
}

function adminConnection(): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: MARIADB_ADMIN_URL.hostname,
    port: MARIADB_ADMIN_URL.port === '' ? 3306 : Number(MARIADB_ADMIN_URL.port),
    user: decodeURIComponent(MARIADB_ADMIN_URL.username),
    password: decodeURIComponent(MARIADB_ADMIN_URL.password),
    connectTimeout: 5_000,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('three server replicas on one MariaDB database', () => {
  const database = `majorana_e2e_replicas_${randomBytes(6).toString('hex')}`;
  const dbUrl = new URL(MARIADB_ADMIN_URL.toString());
  dbUrl.pathname = `/${database}`;
  let home = '';
  let databaseCreated = false;
  const replicas: Replica[] = [];
  let adminToken = '';

  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    MAJORANA_HOME: home,
    MAJORANA_PORT: '0',
    MAJORANA_DB_URL: dbUrl.toString(),
    MAJORANA_LOG_LEVEL: 'warn',
  });

  /** Every replica's output, for failure messages. */
  const outputs = (): string => replicas.map((replica, index) => `--- replica ${index}:\n${replica.output}`).join('\n');

  async function api<T>(replica: number, method: 'GET' | 'POST', path: string, body?: unknown, token = adminToken): Promise<T> {
    const response = await fetch(`${replicas[replica]?.url ?? ''}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} on replica ${replica} → ${response.status}: ${text.slice(0, 1000)}`);
    }
    return JSON.parse(text) as T;
  }

  function run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(output) : reject(new Error(`majorana ${args.join(' ')} exited with ${code}:\n${output}`)),
      );
    });
  }

  /** `majorana server` in a child process; resolves with its URL once GET /api/health answers there. */
  async function startReplica(): Promise<void> {
    const child = spawn(process.execPath, [bin, 'server'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const replica: Replica = { child, output: '' };
    replicas.push(replica);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a replica did not start within 60 s:\n${replica.output}`)), 60_000);
      const onData = (chunk: Buffer): void => {
        replica.output += chunk.toString();
        const found = /Majorana is up at (http:\/\/\S+)/.exec(replica.output);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`a replica exited with ${code} while starting:\n${replica.output}`));
      });
    });
    for (let attempt = 0; ; attempt++) {
      const health = await fetch(`${url}/api/health`).catch(() => null);
      if (health?.ok) {
        break;
      }
      if (attempt >= 50) {
        throw new Error(`GET ${url}/api/health never answered 200:\n${replica.output}`);
      }
      await sleep(100);
    }
    replica.url = url;
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'majorana-replicas-'));
    const admin = await adminConnection();
    try {
      await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`);
      databaseCreated = true;
    } finally {
      await admin.end();
    }
    await run(['migrate']);
    // The first replica alone, then the others together. The first start on a fresh MAJORANA_HOME
    // creates token.secret and admin.token, and doing that in several processes at once can fail
    // (loadOrCreateTokenSecret: EEXIST, or an empty secret read back), so that is kept out of this test.
    await startReplica();
    await Promise.all(Array.from({ length: REPLICAS - 1 }, () => startReplica()));
    adminToken = readFileSync(join(home, 'admin.token'), 'utf8').trim();
  }, 120_000);

  afterAll(async () => {
    for (const { child } of replicas) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => {
          child.once('exit', resolve);
          setTimeout(resolve, 5_000).unref();
        });
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
    }
    if (databaseCreated) {
      const admin = await adminConnection();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      } finally {
        await admin.end();
      }
    }
    if (home !== '') {
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);

  it(`hands each of ${JOBS.toLocaleString('en')} jobs to exactly one of ${MATCHERS} concurrent pilots`, async () => {
    const { token: pilotToken } = await api<{ token: string }>(0, 'POST', '/api/admin/tokens', { user: 'admin', group: 'pilot' });
    const { jobIds } = await api<{ jobIds: number[] }>(1, 'POST', '/api/jobs', {
      jdl: `[\n  Executable = "simulate.sh";\n  Arguments = "--seed %n";\n  JobName = "replicas_%n";\n  Parameters = ${JOBS};\n]\n`,
    });
    expect(jobIds).toHaveLength(JOBS);

    const matchedBy = Array.from({ length: REPLICAS }, () => 0);
    const matched: MatchedJob[] = [];
    const matcher = async (index: number): Promise<void> => {
      const replica = index % REPLICAS;
      for (let empty = 0; empty < EMPTY_ANSWERS_TO_STOP;) {
        const { job } = await api<{ job: MatchedJob | null }>(replica, 'POST', '/api/matcher/match', SLOT, pilotToken);
        if (job === null) {
          empty++;
          await sleep(EMPTY_PAUSE_MS);
        } else {
          empty = 0;
          matched.push(job);
          matchedBy[replica] = (matchedBy[replica] ?? 0) + 1;
        }
      }
    };
    const started = performance.now();
    const failures = (await Promise.allSettled(Array.from({ length: MATCHERS }, (_, index) => matcher(index))))
      .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
      .map((result) => String(result.reason));
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `replicas: ${matched.length} matches in ${seconds.toFixed(1)} s (${(matched.length / seconds).toFixed(0)}/s), per replica ${matchedBy.join('/')}\n`,
    );

    expect(failures).toEqual([]);
    // No replica died along the way (their output says why if one did).
    expect({ exits: replicas.map(({ child }) => child.exitCode ?? child.signalCode), output: outputs() }).toMatchObject({
      exits: replicas.map(() => null),
    });
    const ids = matched.map((job) => job.JobID);
    const seen = new Set<number>();
    const duplicates = ids.filter((id) => seen.has(id) || (seen.add(id), false));
    expect(duplicates).toEqual([]);
    expect([...ids].sort((a, b) => a - b)).toEqual([...jobIds].sort((a, b) => a - b));
    expect(new Set(matched.map((job) => job.fencingToken)).size).toBe(JOBS);
    expect(matched.every((job) => job.attempt === 1)).toBe(true);
    // Every replica served pilots: the test really ran across processes.
    expect(matchedBy.every((count) => count > 0)).toBe(true);

    // The database agrees, seen from another replica: all Matched, each at this slot's site.
    expect(await api<Record<string, string | number>[]>(2, 'GET', '/api/jobs/summary?groupBy=status')).toEqual([
      { status: 'Matched', count: JOBS },
    ]);
    const search = await api<{ total: number; jobs: { JobID: number; Status: string; Site: string }[] }>(0, 'POST', '/api/jobs/search', {
      search: [{ parameter: 'Status', operator: 'eq', value: 'Matched' }],
      perPage: JOBS,
    });
    expect(search.total).toBe(JOBS);
    expect(search.jobs.map((job) => job.JobID).sort((a, b) => a - b)).toEqual([...jobIds].sort((a, b) => a - b));
    expect(search.jobs.every((job) => job.Site === SLOT.site)).toBe(true);
  }, 240_000);
});
