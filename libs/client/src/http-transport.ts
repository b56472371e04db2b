import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** One request as the client sends it. */
export interface TransportRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array | AsyncIterable<Uint8Array>;
}

/** What the client reads of an answer. */
export interface TransportResponse {
  readonly status: number;
  header(name: string): string | null;
  text(): Promise<string>;
  /** The body as a stream, for downloads (read it or `text()`, not both). */
  stream(): Readable;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** How long a connection may stay silent before the request is given up. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Requests over node:http(s). Not fetch: Node's fetch (undici) costs more to load than a whole
 * status command may take (measured ~3x node's own start-up), and a command line makes one or two
 * requests per process. A connection failure rejects with the system error (its `code`); a server
 * that accepts but stays silent for `idleTimeoutMs` rejects with `ETIMEDOUT` (node:http itself would
 * wait forever, and a Snakemake status poll with it). Silence, not duration: a long upload or
 * download that keeps moving is never cut.
 */
export function nodeHttpTransport(idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS): Transport {
  return (request) => sendOverNodeHttp(request, idleTimeoutMs);
}

async function sendOverNodeHttp(request: TransportRequest, idleTimeoutMs: number): Promise<TransportResponse> {
  const url = new URL(request.url);
  const module = url.protocol === 'https:' ? await import('node:https') : http;
  return new Promise<TransportResponse>((resolve, reject) => {
    const outgoing = module.request(url, { method: request.method, headers: request.headers }, (incoming) => {
      resolve({
        status: incoming.statusCode ?? 0,
        header: (name) => {
          const value = incoming.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
        text: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of incoming) {
            chunks.push(chunk as Buffer);
          }
          return Buffer.concat(chunks).toString('utf8');
        },
        stream: () => incoming,
      });
    });
    outgoing.once('error', reject);
    outgoing.setTimeout(idleTimeoutMs, () => {
      outgoing.destroy(Object.assign(new Error(`no answer within ${idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' }));
    });
    const body = request.body;
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      outgoing.end(body);
      return;
    }
    // A streamed upload: the answer may come (e.g. 413) before the body is all sent.
    pipeline(Readable.from(body), outgoing).catch(reject);
  });
}

/** The same over a fetch function (tests, or callers who bring their own, e.g. with a proxy). */
export function fetchTransport(fetchFunction: typeof fetch): Transport {
  return async (request) => {
    const streamed = request.body !== undefined && typeof request.body !== 'string' && !(request.body instanceof Uint8Array);
    const response = await fetchFunction(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body as RequestInit['body'] }),
      // A stream body needs half-duplex (the request is sent while the response may already come).
      ...(streamed ? { duplex: 'half' as const } : {}),
    });
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      text: () => response.text(),
      stream: () => (response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)),
    };
  };
}
