import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { DiracProperty, TokenService } from '@majorana/auth';
import { createMessage, decodeServerFrame, encodeMessage, type ServerMessage } from '@majorana/protocol';
import { loadServerConfig, startServer, type RunningServer } from '@majorana/server';
import { InMemoryTokenRevocationStore } from '../../libs/auth/src/testing/in-memory-token-revocation-store.js';

const RESOURCES = { processors: 1, memoryMiB: 1024, diskMiB: 1024, timeLeftS: 3600, platform: '', tags: [], slots: 1 };

/** Says hello as a pilot of `ce` with `token`; resolves with the first frame the server answers. */
async function hello(url: string, token: string, ce: string): Promise<ServerMessage> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/pilots/connect`, { headers: { authorization: `Bearer ${token}` } });
  try {
    const first = new Promise<ServerMessage>((resolve, reject) => {
      socket.once('message', (data, isBinary) => {
        const decoded = decodeServerFrame(data, isBinary);
        if (decoded.ok) {
          resolve(decoded.message);
        } else {
          reject(new Error(decoded.error.message));
        }
      });
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const message = createMessage('hello', 'h-1', {
      pilotRef: `local://${ce}/${randomUUID()}`,
      ce,
      site: 'LCG.Example.org',
      pilotVersion: 'test',
      resources: RESOURCES,
      runningJobs: [],
    });
    socket.send(encodeMessage(message));
    return await first;
  } finally {
    socket.terminate();
  }
}

describe('a pilot credential of one computing element', () => {
  let home: string;
  let server: RunningServer;
  let tokens: TokenService;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'majorana-ce-credential-'));
    server = await startServer(loadServerConfig({ MAJORANA_HOME: home, MAJORANA_PORT: '0', MAJORANA_LOG_LEVEL: 'error' }), {
      docsUi: false,
    });
    const secret = Buffer.from((await readFile(join(home, 'token.secret'), 'utf8')).trim(), 'hex');
    tokens = new TokenService({ secret, revocations: new InMemoryTokenRevocationStore() });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await rm(home, { recursive: true, force: true });
  });

  const issue = async (ce: string): Promise<string> =>
    (
      await tokens.issue({
        user: 'pilot',
        group: 'pilot',
        vo: 'majorana',
        properties: [DiracProperty.Pilot],
        ce,
        lifetimeSeconds: 3600,
        now: Date.now(),
      })
    ).token;

  it('lets a pilot of that CE say hello', async () => {
    expect(await hello(server.url, await issue('hpc01'), 'hpc01')).toMatchObject({ type: 'welcome', replyTo: 'h-1' });
  });

  it('refuses a hello that claims another CE, saying which CE the credential is for', async () => {
    const answer = await hello(server.url, await issue('hpc01'), 'hpc02');
    expect(answer).toMatchObject({ type: 'error', code: 'forbidden', replyTo: 'h-1' });
    expect((answer as { message: string }).message).toMatch(/computing element hpc01, not hpc02/);
  });
});
