// The bundled pilot as a worker node runs it: `node pilot.js …`, built by build.mjs into a temp dir,
// talking to a scripted in-process WebSocket server (see session/testing/scripted-server.ts: the test's
// hand, not a model of Majorana's server).
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMessage } from '@majorana/protocol';
import { ScriptedServer, withTimeout } from '../session/testing/scripted-server.js';

const run = promisify(execFile);

describe('the bundled pilot', () => {
  let dir: string;
  let bundle: string;
  let server: ScriptedServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-pilot-bundle-'));
    bundle = join(dir, 'pilot.js');
    await run(process.execPath, ['pilot/build.mjs', '--outfile', bundle]);
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    child?.kill('SIGKILL');
    await server.close();
  });

  function startPilot(...extra: string[]): { exited: Promise<number | null>; stdout: () => string } {
    let stdout = '';
    child = spawn(
      process.execPath,
      [bundle, '--server', `http://127.0.0.1:${server.port}`, '--site', 'LCG.Test.org', '--work-dir', join(dir, 'work'), ...extra],
      {
        env: { PATH: process.env.PATH, MAJORANA_PILOT_TOKEN: 'bundle-secret' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    return { exited, stdout: () => stdout };
  }

  it('prints its version from package.json', async () => {
    const { version } = JSON.parse(await readFile('pilot/package.json', 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [bundle, '--version']);
    expect(stdout.trim()).toBe(version);
  });

  it('connects, asks for work, and leaves with goodbye idle and exit code 0 when none comes', async () => {
    const pilot = startPilot('--idle-timeout', '0.3', '--slots', '2');
    const connection = await server.nextConnection(10_000);
    expect(connection.authorization).toBe('Bearer bundle-secret');
    const hello = await connection.next('hello', 10_000);
    expect(hello).toMatchObject({ site: 'LCG.Test.org', resources: { slots: 2 }, runningJobs: [] });
    connection.send(
      createMessage('welcome', 's-1', {
        replyTo: hello.id,
        pilotRef: hello.pilotRef,
        heartbeatIntervalS: 30,
        serverTime: new Date().toISOString(),
      }),
    );
    const request = await connection.next('request-work');
    expect(request.freeSlots).toBe(2);

    expect((await connection.next('cancel-request')).replyTo).toBe(request.id);
    connection.send(createMessage('no-work', 's-2', { replyTo: request.id, reason: 'cancelled', retryAfterS: 0 }));
    expect(await connection.next('goodbye')).toMatchObject({ reason: 'idle' });
    connection.close();

    expect(await withTimeout(pilot.exited, 10_000, 'the pilot exits')).toBe(0);
    const lines = pilot.stdout().trim().split('\n');
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARN|ERROR) \S+/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes('INFO goodbye reason=idle'))).toBe(true);
  });

  it('says goodbye signal and exits 143 on SIGTERM', async () => {
    const pilot = startPilot();
    const { connection } = await server.accept();
    await connection.next('request-work', 10_000);
    child?.kill('SIGTERM');
    const cancel = await connection.next('cancel-request');
    connection.send(createMessage('no-work', 's-2', { replyTo: cancel.replyTo, reason: 'cancelled', retryAfterS: 0 }));
    expect(await connection.next('goodbye')).toMatchObject({ reason: 'signal' });
    connection.close();
    expect(await withTimeout(pilot.exited, 10_000, 'the pilot exits')).toBe(143);
  });
});
