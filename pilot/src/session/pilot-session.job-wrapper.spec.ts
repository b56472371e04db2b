// The session with the execution half's real JobWrapper: a real payload process, a real output sandbox
// uploaded over HTTP, reported over a real WebSocket to a scripted in-process server (see
// pilot-session.spec.ts for what that server is and is not).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessage } from '@majorana/protocol';
import { silentLogger } from '../execution/execution-logger.js';
import { HttpSandboxTransfer } from '../execution/http-sandbox-transfer.js';
import { JobWrapper } from '../execution/job-wrapper.js';
import { SpawnProcessLauncher } from '../execution/spawn-process-launcher.js';
import { SandboxHttpServer } from '../execution/testing/sandbox-http-server.js';
import { PilotSession } from './pilot-session.js';
import { ScriptedServer } from './testing/scripted-server.js';
import { jobFor, startSession } from './testing/session-harness.js';

describe(`${PilotSession.name} with the real JobWrapper`, () => {
  let root: string;
  let sandboxes: SandboxHttpServer;
  let server: ScriptedServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-pilot-session-'));
    sandboxes = new SandboxHttpServer('job-token-17');
    await sandboxes.start();
    server = await ScriptedServer.start();
  });

  afterAll(async () => {
    await server.close();
    await sandboxes.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('runs a real payload, uploads its output sandbox and reports it Done with the sandbox it uploaded', async () => {
    const jobs = new JobWrapper({
      workRoot: root,
      sandboxes: new HttpSandboxTransfer(),
      processes: new SpawnProcessLauncher(),
      clock: { now: () => Date.now() },
      logger: silentLogger,
      sampleIntervalMs: 50,
    });
    const sut = startSession(server, { jobs });
    const { connection } = await server.accept(3600);
    const request = await connection.next('request-work');
    connection.send({
      ...jobFor(connection, request, 17, {
        spec: { executable: '/bin/sh', arguments: `-c "echo hello from job 17"`, outputSandbox: ['std.out'] },
      }),
      outputSandboxUrl: sandboxes.url('/api/sandboxes/17/1/output'),
      jobToken: 'job-token-17',
    });

    await connection.next('request-work'); // for the second slot, as soon as the job is taken
    const started = await connection.next('job-started');
    expect(started).toMatchObject({ jobId: 17, attempt: 1, fencingToken: 'token-17' });
    connection.ack(started);
    const finished = await connection.next('job-finished', 10_000);
    connection.ack(finished);

    const upload = sandboxes.uploads.find((candidate) => candidate.path === '/api/sandboxes/17/1/output');
    expect(finished).toMatchObject({
      jobId: 17,
      status: 'Done',
      exitCode: 0,
      outputSandbox: { sha256: upload?.sha256, bytes: upload?.body.length },
    });
    expect(await readdir(root)).toEqual([]); // the wrapper removed the working directory

    connection.send(createMessage('drain', 's-1', { reason: 'end of test' }));
    await connection.next('cancel-request');
    sut.session.stopForSignal('SIGTERM');
    connection.close();
    expect((await sut.ended).reason).toBe('signal');
  });
});
