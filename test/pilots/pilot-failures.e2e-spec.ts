import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { JobAttemptRepository } from '@majorana/db';
import { createMessage, decodeServerFrame, encodeMessage, type ServerMessage } from '@majorana/protocol';
import { loadServerConfig, startServer, type RunningServer, type ServerConfig } from '@majorana/server';
import { createMariaDbDatabase, type MariaDbDatabase } from '../server/support/mariadb-database.js';
import { DATABASE_KINDS, type DatabaseKind } from '../server/support/test-server.js';
import { eventually, startPilot, type PilotProcess } from './support/pilot-process.js';

interface JobView {
  readonly Status: string;
  readonly MinorStatus: string;
  readonly ApplicationStatus: string;
  readonly RescheduleCounter?: number;
}

/** A free TCP port on 127.0.0.1, so a restarted server can listen where its pilots knew it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function api<T>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token ?? readFileSync(server.adminTokenPath, 'utf8').trim()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe.each(DATABASE_KINDS)('pilots that fail, on %s', (kind: DatabaseKind) => {
  let home: string;
  let database: MariaDbDatabase | undefined;
  let config: ServerConfig;
  let server: RunningServer;
  let pilotToken: string;
  const pilots: PilotProcess[] = [];

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'majorana-pilot-failures-'));
    database = kind === 'mariadb' ? await createMariaDbDatabase() : undefined;
    config = loadServerConfig({
      MAJORANA_HOME: home,
      MAJORANA_PORT: String(await freePort()),
      MAJORANA_LOG_LEVEL: 'error',
      // Agents on (stalled jobs), the Local CE off: the test starts its own pilots.
      MAJORANA_LOCAL_PILOTS: '0',
      MAJORANA_HEARTBEAT_S: '1',
      MAJORANA_STALLED_AFTER_S: '10',
      MAJORANA_STALLED_CHECK_S: '1',
      ...(database ? { MAJORANA_DB_URL: database.url } : {}),
    });
    server = await startServer(config, { docsUi: false, runAgents: true });
    const issued = await api<{ token: string }>(server, 'POST', '/api/admin/tokens', { user: 'admin', group: 'pilot' });
    pilotToken = issued.body.token;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(pilots.map((pilot) => pilot.stop()));
    await server?.close();
    await database?.drop();
    await rm(home, { recursive: true, force: true });
  }, 60_000);

  const jobOf = async (jobId: number): Promise<JobView> => (await api<JobView>(server, 'GET', `/api/jobs/${jobId}`)).body;
  const untilStatus = (jobId: number, statuses: readonly string[], timeoutMs = 60_000): Promise<JobView> =>
    eventually(
      `job ${jobId} to be ${statuses.join(' or ')}`,
      async () => {
        const job = await jobOf(jobId);
        return statuses.includes(job.Status) ? job : undefined;
      },
      timeoutMs,
    );
  async function pilot(): Promise<PilotProcess> {
    const started = await startPilot({ serverUrl: server.url, token: pilotToken, idleTimeoutS: 60 });
    pilots.push(started);
    return started;
  }

  it('reschedules the job of a pilot killed with SIGKILL onto another pilot, and refuses the dead pilot’s late report', async () => {
    const submitted = await api<{ jobIds: number[] }>(server, 'POST', '/api/jobs', {
      jdl: '[ Executable = "/bin/sleep"; Arguments = "8"; ]',
    });
    const jobId = submitted.body.jobIds[0]!;
    const doomed = await pilot();
    await untilStatus(jobId, ['Running']);
    const attempts = server.app.get(JobAttemptRepository);
    const first = (await attempts.current(jobId))!;

    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await untilStatus(jobId, ['Stalled', 'Received', 'Waiting'], 30_000);
    await pilot();

    expect(await untilStatus(jobId, ['Done', 'Failed'], 90_000)).toMatchObject({ Status: 'Done' });
    const history = (await api<{ Status: string }[]>(server, 'GET', `/api/jobs/${jobId}/logging`)).body.map((row) => row.Status);
    expect(history).toEqual(expect.arrayContaining(['Stalled', 'Rescheduled', 'Done']));
    expect((await attempts.current(jobId))?.attempt).toBe(first.attempt + 1);

    // The dead pilot "comes back" and reports its attempt finished: refused, the job stays Done.
    const ack = await lateReport(server.url, pilotToken, first.pilotRef!, {
      jobId,
      attempt: first.attempt,
      fencingToken: first.fencingToken,
    });
    expect(ack).toMatchObject({ type: 'ack', outcome: 'refused', reason: 'stale-attempt' });
    expect(await jobOf(jobId)).toMatchObject({ Status: 'Done' });
  }, 180_000);

  it('lets running jobs finish and report when the server restarts under them', async () => {
    await pilot();
    const submitted = await api<{ jobIds: number[] }>(server, 'POST', '/api/jobs', {
      jdl: '[ Executable = "/bin/sleep"; Arguments = "6"; ]',
    });
    const jobId = submitted.body.jobIds[0]!;
    await untilStatus(jobId, ['Running']);

    await server.close();
    server = await startServer(config, { docsUi: false, runAgents: true });

    expect(await untilStatus(jobId, ['Done', 'Failed'], 90_000)).toMatchObject({ Status: 'Done' });
  }, 180_000);
});

/** A pilot's connection saying hello under `pilotRef` and sending one job-finished; resolves with the answer. */
async function lateReport(
  serverUrl: string,
  token: string,
  pilotRef: string,
  proof: { jobId: number; attempt: number; fencingToken: string },
): Promise<ServerMessage> {
  const socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/pilots/connect`, { headers: { authorization: `Bearer ${token}` } });
  const frames: ServerMessage[] = [];
  const next = (type: ServerMessage['type']): Promise<ServerMessage> =>
    eventually(`a ${type} frame`, () => Promise.resolve(frames.find((frame) => frame.type === type)), 10_000);
  socket.on('message', (data, isBinary) => {
    const decoded = decodeServerFrame(data, isBinary);
    if (decoded.ok) {
      frames.push(decoded.message);
    }
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    const resources = { processors: 1, memoryMiB: 1024, diskMiB: 1024, timeLeftS: 3600, platform: '', tags: [], slots: 1 };
    socket.send(
      encodeMessage(
        createMessage('hello', 'h-1', { pilotRef, ce: 'ce.test', site: 'LCG.Test.org', pilotVersion: 'test', resources, runningJobs: [] }),
      ),
    );
    await next('welcome');
    socket.send(
      encodeMessage(
        createMessage('job-finished', 'f-1', {
          ...proof,
          status: 'Done',
          minorStatus: 'Execution Complete',
          applicationStatus: 'Application exited with status 0',
          exitCode: 0,
          outputSandbox: null,
          cpuTimeS: 0,
          wallTimeS: 8,
        }),
      ),
    );
    return await next('ack');
  } finally {
    socket.close();
  }
}
