import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ServerUnreachableError } from './client.error.js';
import { MajoranaClient } from './majorana-client.js';

describe('MajoranaClient over node:http', () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];

  afterEach(async () => {
    sockets.forEach((socket) => socket.destroy());
    const open = server;
    server = undefined;
    if (open !== undefined) {
      await new Promise((resolve) => open.close(resolve));
    }
  });

  /** A server that accepts connections and never answers (a hung process, a black-holing proxy). */
  async function silentServer(): Promise<string> {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  it('gives a request up with one clear line when the server accepts and stays silent', async () => {
    const url = await silentServer();
    const client = new MajoranaClient({ url, token: 't', idleTimeoutMs: 300 });
    const error = await client.request('GET', '/api/sites').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toBe(
      `cannot reach the Majorana server at ${url} (ETIMEDOUT): is it running (majorana up)? is MAJORANA_URL right?`,
    );
  });

  it('says which address refused the connection', async () => {
    const url = await silentServer();
    const closing = server;
    server = undefined;
    await new Promise((resolve) => closing?.close(resolve));
    const error = await new MajoranaClient({ url }).request('GET', '/api/sites').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toContain(`${url} (ECONNREFUSED)`);
  });
});
