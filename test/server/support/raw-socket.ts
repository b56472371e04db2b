import { connect } from 'node:net';

export interface RawExchange {
  /** Everything the server wrote back, as latin1 text ('' when it wrote nothing). */
  readonly response: string;
  /** The HTTP status of the first response line, or null when there was none. */
  readonly status: number | null;
}

/**
 * Writes bytes straight onto a TCP connection to the server (no HTTP client to tidy them up) and
 * collects what comes back until the server closes the connection, or until `hangUpAfterMs`, when
 * we close it ourselves (a client that dies in the middle of a request).
 */
export function sendOnSocket(serverUrl: string, bytes: string | Uint8Array, hangUpAfterMs = 2_000): Promise<RawExchange> {
  const url = new URL(serverUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1];
      resolve({ response, status: status === undefined ? null : Number(status) });
    };
    const timer = setTimeout(finish, hangUpAfterMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  });
}
