import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ComputingElement, PilotOutput, PilotStatus, SubmitPilotsRequest, SubmittedPilot } from '@majorana/ce';
import { createDataSource, PilotRepository } from '@majorana/db';
import { loadServerConfig, startAgents, startServer, type RunningAgents, type RunningServer, type ServerConfig } from '@majorana/server';
import type { DataSource } from 'typeorm';
import { createMariaDbDatabase, type MariaDbDatabase } from '../server/support/mariadb-database.js';

const CE = 'e2e-ce';
const JOBS = 100;
const MAX_PILOTS_WAITING = 5;

/** A CE whose pilots never start, counting every pilot it is asked for; slow to submit, so two unlocked directors would overlap. */
class CountingCe implements ComputingElement {
  readonly kind = 'local' as const;
  readonly site = 'Local.e2e';
  constructor(
    readonly name: string,
    private readonly counter: { submitted: number },
  ) {}
  capacity() {
    return { maxPilots: 1000, slotsPerPilot: 1 };
  }
  async submitPilots(request: SubmitPilotsRequest): Promise<SubmittedPilot[]> {
    await new Promise((resolve) => setTimeout(resolve, 300)); // widens the window a missing lease would leave open
    this.counter.submitted += request.count;
    return Array.from({ length: request.count }, () => ({
      pilotRef: `local://${this.name}/${randomUUID()}`,
      batchId: '1',
      submittedAt: new Date(),
    }));
  }
  pilotStatuses(refs: readonly string[]): Promise<Map<string, PilotStatus>> {
    return Promise.resolve(new Map(refs.map((ref) => [ref, 'Waiting' as const])));
  }
  cancelPilots(): Promise<void> {
    return Promise.resolve();
  }
  pilotOutput(_pilotRef: string): Promise<PilotOutput> {
    return Promise.resolve({ stdout: '', stderr: '' });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A CE whose pilots end as soon as they are asked about, each with a line of output. */
class EndingCe extends CountingCe {
  constructor(name: string) {
    super(name, { submitted: 0 });
  }
  override pilotStatuses(refs: readonly string[]): Promise<Map<string, PilotStatus>> {
    return Promise.resolve(new Map(refs.map((ref) => [ref, 'Done' as const])));
  }
  override pilotOutput(pilotRef: string): Promise<PilotOutput> {
    return Promise.resolve({ stdout: `pilot ${pilotRef}: 0 jobs, idle for 30 s, goodbye\n`, stderr: '' });
  }
}

function configFile(workDir: string, nodePath?: string): string {
  return JSON.stringify({
    vo: 'e2e',
    groups: [
      { name: 'admin', properties: ['NormalUser', 'JobAdministrator', 'SiteManager', 'ServiceAdministrator'] },
      { name: 'pilot', properties: ['Pilot'] },
    ],
    users: [
      { name: 'admin', groups: ['admin', 'pilot'] },
      { name: 'pilot', groups: ['pilot'] },
    ],
    computingElements: [
      {
        name: CE,
        site: 'Local.e2e',
        type: 'local',
        workDir,
        limits: { maxPilotsWaiting: MAX_PILOTS_WAITING, maxPilots: 50, maxPilotsPerCycle: 10 },
        queue: { platform: 'Linux_x86_64_glibc-2.36', cpuTimeLimitS: 86400, cpuNormalization: 10, cores: 1, ramMiB: 4096, tags: [] },
        pilot: { slots: 1, maxTimeS: 86_400, ...(nodePath === undefined ? {} : { nodePath }) },
      },
    ],
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Grid {
  readonly home: string;
  readonly config: ServerConfig;
  readonly server: RunningServer;
  readonly db: DataSource;
  readonly database: MariaDbDatabase;
}

/** A server on a fresh MariaDB database with 100 Waiting jobs any pilot of the CE could run. */
async function gridWithWaitingJobs(nodePath?: string, env: Record<string, string> = {}): Promise<Grid> {
  const home = await mkdtemp(join(tmpdir(), 'majorana-agents-e2e-'));
  const database = await createMariaDbDatabase();
  await writeFile(join(home, 'majorana.json'), configFile(join(home, 'ce'), nodePath));
  const config = loadServerConfig({
    MAJORANA_HOME: home,
    MAJORANA_DB_URL: database.url,
    MAJORANA_PORT: '0',
    MAJORANA_LOG_LEVEL: 'error',
    MAJORANA_LOCAL_PILOTS: '0',
    MAJORANA_SITE_DIRECTOR_S: '1',
    ...env,
  });
  const server = await startServer(config, { docsUi: false, runAgents: false });
  const token = (await readFile(server.adminTokenPath, 'utf8')).trim();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const submitted = await fetch(`${server.url}/api/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jdls: Array.from({ length: JOBS }, (_, i) => `Executable = "/bin/true"; JobName = "j${i}";`) }),
  });
  expect(submitted.status).toBe(201);
  await eventually('100 Waiting jobs', async () => {
    const response = await fetch(`${server.url}/api/jobs/summary?groupBy=status`, { headers });
    const rows = (await response.json()) as { status: string; count: number }[];
    return rows.find((row) => row.status === 'Waiting')?.count === JOBS ? true : undefined;
  });
  const db = createDataSource({ url: database.url });
  await db.initialize();
  return { home, config, server, db, database };
}

async function removeGrid(grid: Grid | undefined): Promise<void> {
  if (grid === undefined) {
    return;
  }
  await grid.db.destroy();
  await grid.server.close();
  await grid.database.drop();
  await rm(grid.home, { recursive: true, force: true });
}

/** Resolves once the site director's lease of the CE was renewed `cycles` more times (one renewal per cycle of its holder). */
async function siteDirectorCycles(db: DataSource, cycles: number): Promise<void> {
  const seen = new Set<string>();
  await eventually(`${cycles} site-director cycles`, async () => {
    const rows = await db.query<{ expiresAt: string | number }[]>('SELECT expiresAt FROM agent_leases WHERE name = ?', [
      `site-director:${CE}`,
    ]);
    if (rows[0] !== undefined) {
      seen.add(String(rows[0].expiresAt));
    }
    return seen.size > cycles ? true : undefined;
  });
}

async function openPilots(db: DataSource): Promise<number> {
  return (await new PilotRepository(db).list({ ce: CE, status: ['Submitted', 'Waiting', 'Running', 'Disconnected'] })).length;
}

describe('agents processes on one MariaDB', () => {
  describe('two agents processes, one CE', () => {
    let grid: Grid | undefined;
    const agents: RunningAgents[] = [];
    const counter = { submitted: 0 };
    beforeAll(async () => {
      grid = await gridWithWaitingJobs();
      for (let i = 0; i < 2; i++) {
        agents.push(
          await startAgents(grid.config, {
            serverUrl: grid.server.url,
            ceFactory: (d) => Promise.resolve(new CountingCe(d.name, counter)),
          }),
        );
      }
    }, 120_000);
    afterAll(async () => {
      await Promise.all(agents.map((one) => one.close()));
      await removeGrid(grid);
    }, 60_000);

    it('never submits twice: MaxPilotsWaiting pilots in all, whichever process holds the lease', async () => {
      const db = grid!.db;
      await eventually('the first pilots', async () => ((await openPilots(db)) > 0 ? true : undefined));
      await siteDirectorCycles(db, 3);
      expect(counter.submitted).toBe(MAX_PILOTS_WAITING);
      // The holder stops cleanly: the other process takes the CE over at once and still sends none.
      const [lease] = await db.query<{ holder: string }[]>('SELECT holder FROM agent_leases WHERE name = ?', [`site-director:${CE}`]);
      const holder = lease?.holder;
      const index = agents.findIndex((one) => one.holder === holder);
      expect(index).toBeGreaterThanOrEqual(0);
      await agents.splice(index, 1)[0]?.close();
      await siteDirectorCycles(db, 3);
      expect(counter.submitted).toBe(MAX_PILOTS_WAITING);
      expect(await openPilots(db)).toBe(MAX_PILOTS_WAITING);
    }, 120_000);
  });

  describe('a server without agents, agents apart', () => {
    let grid: Grid | undefined;
    let agents: RunningAgents | undefined;
    beforeAll(async () => {
      grid = await gridWithWaitingJobs(undefined, { MAJORANA_PILOT_STATUS_S: '1' });
      agents = await startAgents(grid.config, {
        serverUrl: grid.server.url,
        ceFactory: (d) => Promise.resolve(new EndingCe(d.name)),
      });
    }, 120_000);
    afterAll(async () => {
      await agents?.close();
      await removeGrid(grid);
    }, 60_000);

    it("shows a pilot's output, which the agents kept once the pilot ended", async () => {
      const token = (await readFile(grid!.server.adminTokenPath, 'utf8')).trim();
      const output = (ref: string) =>
        fetch(`${grid!.server.url}/api/pilots/${encodeURIComponent(ref)}/output`, { headers: { authorization: `Bearer ${token}` } });
      const ended = await eventually('an ended pilot', async () => {
        const [pilot] = await new PilotRepository(grid!.db).list({ ce: CE, status: ['Done'] });
        return pilot?.pilotRef;
      });
      const kept = await eventually('its output kept', async () => {
        const response = await output(ended);
        return response.status === 200 ? ((await response.json()) as PilotOutput) : undefined;
      });
      expect(kept).toEqual({ stdout: `pilot ${ended}: 0 jobs, idle for 30 s, goodbye\n`, stderr: '' });
      const unknown = await output(`local://${CE}/never-submitted`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { message: string }).message).toContain('the agents keep a pilot’s output only once it has ended');
    }, 120_000);
  });

  describe('the Local CE with 100 matchable jobs', () => {
    let grid: Grid | undefined;
    let agents: RunningAgents | undefined;
    beforeAll(async () => {
      // A pilot that never says hello: it stays waiting, as in a batch queue.
      const folder = await mkdtemp(join(tmpdir(), 'majorana-silent-pilot-'));
      const node = join(folder, 'node');
      await writeFile(node, '#!/bin/sh\nexec sleep 600\n');
      await chmod(node, 0o755);
      grid = await gridWithWaitingJobs(node);
      agents = await startAgents(grid.config, { serverUrl: grid.server.url });
    }, 120_000);
    afterAll(async () => {
      await agents?.close(); // the Local CE stops its pilots
      await removeGrid(grid);
    }, 60_000);

    it('never has more than MaxPilotsWaiting pilots waiting', async () => {
      const db = grid!.db;
      await eventually('the first pilots', async () => ((await openPilots(db)) > 0 ? true : undefined));
      await siteDirectorCycles(db, 3);
      expect(await openPilots(db)).toBe(MAX_PILOTS_WAITING);
      const pilots = await new PilotRepository(db).list({ ce: CE });
      expect(pilots.every((pilot) => pilot.pilotRef.startsWith(`local://${CE}/`))).toBe(true);
    }, 120_000);
  });
});
