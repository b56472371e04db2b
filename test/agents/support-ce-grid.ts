import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MajoranaClient } from '@majorana/client';
import { eventually } from '../pilots/support/pilot-process.js';
import { createMariaDbDatabase, type MariaDbDatabase } from '../server/support/mariadb-database.js';
import type { DatabaseKind } from '../server/support/test-server.js';

/** The seed job of the fixtures: a script and its input file in the input sandbox, stdout and stderr back. */
export const SEED_JOB_DIR = fileURLToPath(new URL('../fixtures/jobs/seed/', import.meta.url));

/** The default VO, groups and users (as in default-auth-config.ts), written beside the computing elements. */
const AUTH = {
  vo: 'majorana',
  groups: [
    { name: 'admin', properties: ['NormalUser', 'JobAdministrator', 'SiteManager', 'ServiceAdministrator'], share: 1000 },
    { name: 'user', properties: ['NormalUser'], share: 1000 },
    { name: 'pilot', properties: ['Pilot'], share: 1000 },
  ],
  users: [
    { name: 'admin', groups: ['admin', 'pilot'] },
    { name: 'pilot', groups: ['pilot'] },
  ],
};

/**
 * Agent cadences for tests: a site director every second (it also wakes when jobs become Waiting),
 * pilot statuses every 2 s, heartbeats every second and a job Stalled after 10 s of silence, so a
 * killed pilot's job is rescheduled within a test's patience. The embedded Local CE is off (it is off
 * anyway once the config file declares computing elements; this says so).
 */
const AGENT_ENV = {
  MAJORANA_LOCAL_PILOTS: '0',
  MAJORANA_SITE_DIRECTOR_S: '1',
  MAJORANA_PILOT_STATUS_S: '2',
  MAJORANA_HEARTBEAT_S: '1',
  MAJORANA_STALLED_AFTER_S: '10',
  MAJORANA_STALLED_CHECK_S: '1',
};

export interface JobView {
  readonly JobID: number;
  readonly Status: string;
  readonly MinorStatus: string;
  readonly ApplicationStatus: string;
}

export interface PilotView {
  readonly pilotRef: string;
  readonly ce: string;
  readonly status: string;
  readonly jobsRun: number;
}

export interface JobPilotView {
  readonly pilotRef: string;
  readonly attempt: number;
}

export interface CeGridOptions {
  readonly kind: DatabaseKind;
  /** The `computingElements` of the config file, as a site admin writes them. */
  readonly computingElements: readonly unknown[];
  /**
   * More variables of the server's environment: MAJORANA_* settings, and what the batch clients need
   * there (`SLURM_CONF` for a Slurm CE run on this machine: its LocalCommandRunner passes the agents'
   * environment to sbatch & co.).
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** A real server with its agents driving the declared CEs, and what a test asks it through the REST API. */
export interface CeGrid {
  readonly kind: DatabaseKind;
  readonly url: string;
  readonly home: string;
  /** The administrator's client of the REST API. */
  readonly client: MajoranaClient;
  /** One admin REST call; anything but 2xx throws with the body. */
  get<T>(path: string): Promise<T>;
  job(jobId: number): Promise<JobView>;
  /** Waits until the job is in one of `statuses`; throws naming the last status seen and the server's log. */
  untilStatus(jobId: number, statuses: readonly string[], timeoutMs?: number): Promise<JobView>;
  pilots(): Promise<PilotView[]>;
  /** GET /api/jobs/:id/pilot: every attempt's pilot. */
  pilotsOfJob(jobId: number): Promise<JobPilotView[]>;
  /** GET /api/pilots/:ref/output. */
  pilotOutput(pilotRef: string): Promise<{ stdout: string; stderr: string }>;
  /** What the server printed (its last 64 KiB), for failure messages. */
  log(): string;
  /** Stops the server by its PID (SIGTERM, SIGKILL after 20 s) and deletes its home and database. */
  close(): Promise<void>;
}

/** The CLI as `npm run build` makes it: `majorana up` is the server and its agents in one process. */
const MAJORANA_BIN = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const LOG_TAIL_CHARS = 64 * 1024;

/**
 * `majorana up` in a child process (the built CLI: run `npm run build` first) on `kind` — a fresh
 * temporary home, and a fresh MariaDB database — whose config file declares `computingElements`.
 * A child process rather than startServer() in the test: Jest gives a test file its own copy of
 * process.env, which the agents' sbatch never sees, and a site admin runs exactly this command.
 */
export async function startCeGrid(options: CeGridOptions): Promise<CeGrid> {
  const home = await mkdtemp(join(tmpdir(), 'majorana-ce-grid-'));
  let database: MariaDbDatabase | undefined;
  let child: ChildProcess | undefined;
  let output = '';
  const close = async (): Promise<void> => {
    try {
      await stopChild(child);
    } finally {
      try {
        await database?.drop();
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    }
  };
  let url: string;
  try {
    await writeFile(join(home, 'majorana.json'), JSON.stringify({ ...AUTH, computingElements: options.computingElements }, null, 2));
    database = options.kind === 'mariadb' ? await createMariaDbDatabase() : undefined;
    const server = spawn(process.execPath, [MAJORANA_BIN, 'up', '--port', '0', '--home', home], {
      env: {
        ...process.env,
        MAJORANA_LOG_LEVEL: 'info',
        ...AGENT_ENV,
        ...(database === undefined ? {} : { MAJORANA_DB_URL: database.url }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = server;
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-LOG_TAIL_CHARS);
    };
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`majorana up did not start within 60 s:\n${output}`)), 60_000);
      const onData = (): void => {
        const match = /Majorana is up at (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          server.stdout.off('data', onData);
          resolve(match[1]);
        }
      };
      server.stdout.on('data', onData);
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`majorana up exited with ${String(code)}:\n${output}`));
      });
    });
  } catch (error) {
    await close();
    throw error;
  }
  const token = readFileSync(join(home, 'admin.token'), 'utf8').trim();
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}: ${text}`);
    }
    return JSON.parse(text) as T;
  };
  const job = (jobId: number): Promise<JobView> => get<JobView>(`/api/jobs/${jobId}`);
  return {
    kind: options.kind,
    url,
    home,
    client: new MajoranaClient({ url, token }),
    get,
    job,
    untilStatus: async (jobId, statuses, timeoutMs = 120_000) => {
      let last = 'nothing';
      try {
        return await eventually(
          `job ${jobId} to be ${statuses.join(' or ')}`,
          async () => {
            const seen = await job(jobId);
            last = `${seen.Status} (${seen.MinorStatus})`;
            return statuses.includes(seen.Status) ? seen : undefined;
          },
          timeoutMs,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; last seen ${last}. The server said:\n${output}`);
      }
    },
    pilots: async () => (await get<{ pilots: PilotView[] }>('/api/pilots?perPage=1000')).pilots,
    pilotsOfJob: (jobId) => get<JobPilotView[]>(`/api/jobs/${jobId}/pilot`),
    pilotOutput: (pilotRef) => get<{ stdout: string; stderr: string }>(`/api/pilots/${encodeURIComponent(pilotRef)}/output`),
    log: () => output,
    close,
  };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A CE declaration with the tests' usual queue and one-slot pilots; `more` overrides (connection,
 * slurm, limits…). The pilots live two days (their --max-time) on a queue of two days' CPU at
 * normalisation 1: a job without CPUTime asks for DIRAC's default 86,400 HS06·s, which a pilot offers
 * only when its time left × its normalisation reaches it (a pilot of --max-time 3600 never gets one).
 */
export function ceDeclaration(
  more: Record<string, unknown> & { name: string; type: 'ssh' | 'slurm'; workDir: string },
): Record<string, unknown> {
  return {
    site: 'LCG.Test.org',
    limits: { maxPilotsWaiting: 2, maxPilots: 3, maxPilotsPerCycle: 2 },
    queue: { platform: 'Linux_x86_64_glibc-2.36', cpuTimeLimitS: 2 * 86_400, cpuNormalization: 1, cores: 1, ramMiB: 4096, tags: [] },
    pilot: { slots: 1, maxTimeS: 2 * 86_400 },
    ...more,
  };
}
