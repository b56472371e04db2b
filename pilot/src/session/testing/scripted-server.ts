import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMessage,
  decodePilotFrame,
  encodeMessage,
  type PilotMessage,
  type PilotMessageType,
  type ServerMessage,
} from '@majorana/protocol';
import { WebSocketServer, type WebSocket } from 'ws';

type PilotMessageOf<Type extends PilotMessageType> = Extract<PilotMessage, { type: Type }>;

/**
 * The server side of a session spec: a real `ws` WebSocketServer on 127.0.0.1 that hands each
 * connection to the test, which reads the pilot's frames one by one and answers with scripted frames.
 * It is not a model of Majorana's server: it does exactly what each test says, no more, so the spec
 * checks the session's behaviour against the protocol, frame by frame. Every frame the pilot sends is
 * checked against the protocol schemas, so an invalid message fails the test.
 */
export class ScriptedServer {
  private readonly waiting: ((connection: ScriptedConnection) => void)[] = [];
  private readonly arrived: ScriptedConnection[] = [];
  /** HTTP status answering the next upgrades instead of accepting them (e.g. 401), or null to accept. */
  refuseWith: number | null = null;

  private readonly wss: WebSocketServer;

  private constructor(port: number) {
    this.wss = new WebSocketServer({
      host: '127.0.0.1',
      port,
      path: '/api/pilots/connect',
      verifyClient: (_info, callback) => {
        if (this.refuseWith === null) {
          callback(true);
        } else {
          callback(false, this.refuseWith, 'refused by the test');
        }
      },
    });
    this.wss.on('connection', (socket, request) => {
      const connection = new ScriptedConnection(socket, request);
      const waiter = this.waiting.shift();
      if (waiter === undefined) {
        this.arrived.push(connection);
      } else {
        waiter(connection);
      }
    });
  }

  static async start(port = 0): Promise<ScriptedServer> {
    const server = new ScriptedServer(port);
    await new Promise<void>((resolve, reject) => {
      server.wss.once('listening', resolve);
      server.wss.once('error', reject);
    });
    return server;
  }

  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/api/pilots/connect`;
  }

  /** The next connection from the pilot (already arrived, or the next to come). */
  nextConnection(timeoutMs = 3000): Promise<ScriptedConnection> {
    const ready = this.arrived.shift();
    if (ready !== undefined) {
      return Promise.resolve(ready);
    }
    return withTimeout(new Promise((resolve) => this.waiting.push(resolve)), timeoutMs, 'no connection from the pilot');
  }

  /** Accepts a connection and welcomes its hello: the usual start of a test. */
  async accept(heartbeatIntervalS = 30): Promise<{ connection: ScriptedConnection; hello: PilotMessageOf<'hello'> }> {
    const connection = await this.nextConnection();
    const hello = await connection.next('hello');
    connection.send(
      createMessage('welcome', `w-${hello.id}`, {
        replyTo: hello.id,
        pilotRef: hello.pilotRef,
        heartbeatIntervalS,
        serverTime: new Date().toISOString(),
      }),
    );
    return { connection, hello };
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) {
      client.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

export class ScriptedConnection {
  /** Every message the pilot sent on this connection, in order. */
  readonly received: PilotMessage[] = [];
  readonly authorization: string | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly queue: (PilotMessage | Error)[] = [];
  private readonly readers: ((item: PilotMessage | Error) => void)[] = [];
  private counter = 0;

  constructor(
    private readonly socket: WebSocket,
    request: IncomingMessage,
  ) {
    this.authorization = request.headers.authorization;
    socket.on('message', (data, isBinary) => {
      const decoded = decodePilotFrame(data, isBinary);
      const item = decoded.ok
        ? decoded.message
        : new Error(`the pilot sent an invalid frame: ${decoded.error.code}: ${decoded.error.message}`);
      if (!(item instanceof Error)) {
        this.received.push(item);
      }
      const reader = this.readers.shift();
      if (reader === undefined) {
        this.queue.push(item);
      } else {
        reader(item);
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** The pilot's next frame, which must be of `type`. */
  async next<Type extends PilotMessageType>(type: Type, timeoutMs = 3000): Promise<PilotMessageOf<Type>> {
    const queued = this.queue.shift();
    const item =
      queued ??
      (await withTimeout(
        new Promise<PilotMessage | Error>((resolve) => this.readers.push(resolve)),
        timeoutMs,
        `no ${type} from the pilot`,
      ));
    if (item instanceof Error) {
      throw item;
    }
    if (item.type !== type) {
      throw new Error(`expected ${type} from the pilot, got ${JSON.stringify(item)}`);
    }
    return item as PilotMessageOf<Type>;
  }

  /** Frames read by nobody yet. */
  get unread(): number {
    return this.queue.length;
  }

  send(message: ServerMessage): void {
    this.socket.send(encodeMessage(message));
  }

  /** Sends exactly these bytes, for frames no real server would send. */
  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  id(): string {
    return `s-${++this.counter}`;
  }

  ack(report: { id: string }, outcome: 'accepted' | 'refused' = 'accepted', reason?: string): void {
    this.send(
      reason === undefined
        ? createMessage('ack', this.id(), { replyTo: report.id, outcome })
        : createMessage('ack', this.id(), { replyTo: report.id, outcome, reason }),
    );
  }

  /** Cuts the connection without a close handshake, as a network failure would. */
  drop(): void {
    this.socket.terminate();
  }

  close(): void {
    this.socket.close(1000, 'bye');
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
