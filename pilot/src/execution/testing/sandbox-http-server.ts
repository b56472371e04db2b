import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedUpload {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  sha256: string;
}

/** A route's answer: bytes to send (200), or a status with a text body; `delayMs` holds the answer back. */
export type Route =
  { body: Buffer; headers?: Record<string, string>; delayMs?: number } | { status: number; text: string; delayMs?: number };

/**
 * A real HTTP server on 127.0.0.1 standing in for the Majorana server's sandbox endpoints: GETs are
 * answered from `routes`, uploads (PUT/POST) are stored in `uploads`, with 201 unless a route for
 * that path says otherwise. Only requests carrying `Authorization: Bearer <token>` are served.
 */
export class SandboxHttpServer {
  readonly uploads: ReceivedUpload[] = [];
  readonly routes = new Map<string, Route>();
  readonly requests: string[] = [];
  private readonly server = createServer((request, response) => void this.handle(request, response));

  constructor(private readonly token: string) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? '/';
    this.requests.push(`${request.method} ${path}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      response.writeHead(401).end('{"statusCode":401,"message":"bad job token"}');
      return;
    }
    const route = this.routes.get(path);
    if (route?.delayMs) {
      // unref: a test that is done with a slow route must not wait for it.
      await new Promise((resolve) => setTimeout(resolve, route.delayMs).unref());
    }
    if (route && 'status' in route) {
      response.writeHead(route.status).end(route.text);
      return;
    }
    if (request.method === 'GET') {
      if (!route) {
        response.writeHead(404).end('{"statusCode":404,"message":"no such sandbox"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/gzip', ...route.headers }).end(route.body);
      return;
    }
    const body = Buffer.concat(chunks);
    this.uploads.push({
      method: request.method ?? '',
      path,
      headers: request.headers,
      body,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    response.writeHead(201).end();
  }
}
