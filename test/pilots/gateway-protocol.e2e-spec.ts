import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { createMessage, decodeServerFrame, encodeMessage, type ServerMessage } from '@majorana/protocol';
import { describeOnEachDatabase } from '../server/support/test-server.js';
import { eventually } from './support/pilot-process.js';

const RESOURCES = { processors: 1, memoryMiB: 1024, diskMiB: 1024, timeLeftS: 3600, platform: '', tags: [], slots: 1 };

/** A raw WebSocket to the gateway that keeps every frame the server sends. */
interface RawPilot {
  readonly socket: WebSocket;
  readonly frames: ServerMessage[];
  readonly closed: Promise<number>;
  next(type: ServerMessage['type'], after?: number): Promise<ServerMessage>;
}

async function connect(url: string, token: string): Promise<RawPilot> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/pilots/connect`, { headers: { authorization: `Bearer ${token}` } });
  const frames: ServerMessage[] = [];
  socket.on('message', (data, isBinary) => {
    const decoded = decodeServerFrame(data, isBinary);
    if (!decoded.ok) {
      throw new Error(`the server sent a frame its own protocol refuses: ${decoded.error.message}`);
    }
    frames.push(decoded.message);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    frames,
    closed,
    next: (type, after = 0) =>
      eventually(`a ${type} frame`, () => Promise.resolve(frames.slice(after).find((frame) => frame.type === type)), 10_000),
  };
}

describe('the pilot gateway refuses what is not the protocol, and stays up', () => {
  describeOnEachDatabase({}, (server) => {
    let pilotToken: string;
    const open: WebSocket[] = [];
    beforeAll(async () => {
      pilotToken = (await server().newUser(['pilot'], 'pilot')).token;
    });
    afterEach(() => {
      open.splice(0).forEach((socket) => socket.terminate());
    });

    async function pilot(): Promise<RawPilot> {
      const raw = await connect(server().url, pilotToken);
      open.push(raw.socket);
      return raw;
    }

    it('answers garbage with error frames naming the problem, and still serves the connection', async () => {
      const raw = await pilot();

      raw.socket.send('this is not json');
      expect(await raw.next('error')).toMatchObject({ code: 'malformed-frame', replyTo: null });
      raw.socket.send(Buffer.from([0xde, 0xad]), { binary: true });
      raw.socket.send(
        JSON.stringify({
          v: 1,
          type: 'request-work',
          id: 'early',
          freeSlots: 1,
          resources: { processors: 1, memoryMiB: 1, timeLeftS: 60, tags: [] },
        }),
      );
      raw.socket.send(JSON.stringify({ v: 9, type: 'hello', id: 'v9' }));
      raw.socket.send(JSON.stringify({ v: 1, type: 'launch-missiles', id: 'x' }));
      await eventually('five error frames', () => Promise.resolve(raw.frames.length >= 5 ? true : undefined));
      expect(raw.frames.map((frame) => (frame.type === 'error' ? [frame.code, frame.replyTo] : frame.type))).toEqual([
        ['malformed-frame', null],
        ['malformed-frame', null],
        ['not-hello', 'early'],
        ['unsupported-version', 'v9'],
        ['unknown-type', 'x'],
      ]);

      const seen = raw.frames.length;
      raw.socket.send(
        encodeMessage(
          createMessage('hello', 'h-1', {
            pilotRef: `test://gw/${Date.now()}`,
            ce: 'ce.gw',
            site: 'LCG.Gw.org',
            pilotVersion: 'test',
            resources: RESOURCES,
            runningJobs: [],
          }),
        ),
      );
      expect(await raw.next('welcome', seen)).toMatchObject({ replyTo: 'h-1', heartbeatIntervalS: expect.any(Number) });
      raw.socket.send(JSON.stringify({ v: 1, type: 'heartbeat', id: 'hb', jobs: [{ jobId: 'one' }] }));
      const invalid = await raw.next('error', seen + 1);
      expect(invalid).toMatchObject({ code: 'invalid-message', replyTo: 'hb' });
      expect((invalid as { message: string }).message).toMatch(/jobs/);
    });

    it('refuses a report for a job that was never matched to this pilot', async () => {
      const raw = await pilot();
      raw.socket.send(
        encodeMessage(
          createMessage('hello', 'h-1', {
            pilotRef: `test://gw/${Date.now()}-b`,
            ce: 'ce.gw',
            site: 'LCG.Gw.org',
            pilotVersion: 'test',
            resources: RESOURCES,
            runningJobs: [],
          }),
        ),
      );
      await raw.next('welcome');
      const [jobId] = await server().submit('[ Executable = "/bin/true"; Site = "LCG.Nowhere.org"; ]');

      raw.socket.send(encodeMessage(createMessage('job-started', 's-1', { jobId: jobId!, attempt: 1, fencingToken: 'f'.repeat(32) })));

      expect(await raw.next('ack')).toMatchObject({ replyTo: 's-1', outcome: 'refused', reason: 'stale-attempt' });
      expect((await server().api<{ Status: string }>('GET', `/api/jobs/${jobId}`)).body.Status).not.toBe('Running');
    });

    it('closes a connection that sends more than 100 bad frames in a minute (policy violation)', async () => {
      const raw = await pilot();
      for (let index = 0; index < 102; index++) {
        raw.socket.send('{');
      }
      expect(await raw.closed).toBe(1008);
    });

    it('refuses the upgrade without a credential with a plain 401', async () => {
      const socket = new WebSocket(`${server().url.replace(/^http/, 'ws')}/api/pilots/connect`);
      const status = await new Promise<number>((resolve) => {
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('open', () => resolve(101));
        socket.once('error', () => undefined);
      });
      socket.terminate();
      expect(status).toBe(401);
    });
  });
});
