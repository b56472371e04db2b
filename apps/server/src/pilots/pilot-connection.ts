import type { WebSocket } from 'ws';
import {
  createMessage,
  createRequestIds,
  decodePilotFrame,
  encodeMessage,
  errorFrame,
  type PilotMessage,
  type PilotMessageOf,
  type PilotResources,
  type ProtocolErrorCode,
  type ServerMessage,
} from '@majorana/protocol';

/** More bad frames than this in a minute and the connection is closed (1008, policy violation). */
const MAX_BAD_FRAMES_PER_MINUTE = 100;

/** What a connection hands to the services once the pilot said hello. */
export interface HelloedPilot {
  readonly pilotRef: string;
  readonly ce: string;
  readonly site: string;
  readonly resources: PilotResources;
  /** The user, group and VO of the pilot credential. */
  readonly subject: string;
  readonly group: string;
  readonly vo: string;
  /** `http(s)://host` the pilot reached us at, for the sandbox URLs we send it. */
  readonly baseUrl: string;
}

/** The services behind a connection; the gateway implements it (PilotGateway). */
export interface PilotMessageHandler {
  hello(connection: PilotConnection, message: PilotMessageOf<'hello'>): Promise<void>;
  handle(connection: PilotConnection, message: PilotMessage): Promise<void>;
  closed(connection: PilotConnection, saidGoodbye: boolean): Promise<void>;
  /** For logs. */
  warn(line: string): void;
}

/**
 * One pilot's WebSocket: frames in (decoded and validated; garbage answered with an error frame,
 * never a crash), frames out, and what the server knows of the pilot on this connection. The
 * lifecycle is: awaiting-hello → ready → closed.
 */
export class PilotConnection {
  state: 'awaiting-hello' | 'ready' | 'closed' = 'awaiting-hello';
  pilot: HelloedPilot | null = null;
  /** Jobs it runs now: job id → attempt (kept for kill pushes and the stale-attempt sweep). */
  readonly jobs = new Map<number, number>();
  /** True once told to drain: it finishes its jobs and leaves. */
  drainSent = false;
  /** A request the pilot withdrew while it was being matched: answered with no-work when the match ends empty. */
  withdrawnRequestId: string | null = null;
  /** Its parked request-work, if any. */
  parkedRequest: PilotMessageOf<'request-work'> | null = null;
  private readonly nextId = createRequestIds('s');
  private badFrames: number[] = [];
  private saidGoodbye = false;
  /** Frames are handled one after the other, in the order the pilot sent them. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    private readonly handler: PilotMessageHandler,
    /** `ce`: set when the credential is good for one computing element's pilots only. */
    readonly credential: { readonly user: string; readonly group: string; readonly vo: string; readonly ce?: string },
    readonly baseUrl: string,
    private readonly now: () => number,
  ) {
    socket.on('message', (data, isBinary) => this.received(data, isBinary));
    socket.on('close', () => {
      this.state = 'closed';
      this.queue = this.queue
        .then(() => this.handler.closed(this, this.saidGoodbye))
        .catch((error: unknown) => this.handler.warn(`close of ${this.describe()}: ${String(error)}`));
    });
    socket.on('error', (error) => this.handler.warn(`socket of ${this.describe()}: ${error.message}`));
  }

  /** A method, not a field read, so callers re-check it after an await. */
  isClosed(): boolean {
    return this.state === 'closed';
  }

  get pilotRef(): string | null {
    return this.pilot?.pilotRef ?? null;
  }

  send<Name extends ServerMessage['type']>(type: Name, payload: Omit<Extract<ServerMessage, { type: Name }>, 'v' | 'type' | 'id'>): void {
    if (this.state === 'closed') {
      return;
    }
    this.socket.send(encodeMessage(createMessage(type, this.nextId(), payload as never)));
  }

  sendError(code: ProtocolErrorCode, message: string, replyTo: string | null): void {
    if (this.state !== 'closed') {
      this.socket.send(encodeMessage(errorFrame(this.nextId(), code, message, replyTo)));
    }
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  markGoodbye(): void {
    this.saidGoodbye = true;
  }

  describe(): string {
    return this.pilotRef ?? `an unnamed pilot of ${this.credential.user}`;
  }

  private received(data: unknown, isBinary: boolean): void {
    const decoded = decodePilotFrame(data as Parameters<typeof decodePilotFrame>[0], isBinary);
    if (!decoded.ok) {
      this.refuse(decoded.error.code, decoded.error.message, decoded.error.replyTo);
      return;
    }
    const message = decoded.message;
    if (this.state === 'awaiting-hello' && message.type !== 'hello') {
      this.refuse('not-hello', `say hello first: ${message.type} came before it`, message.id);
      return;
    }
    this.queue = this.queue
      .then(() => (message.type === 'hello' ? this.handler.hello(this, message) : this.handler.handle(this, message)))
      .catch((error: unknown) => {
        this.handler.warn(
          `${message.type} from ${this.describe()} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        this.sendError('internal', `the server could not handle this ${message.type}; send it again later`, message.id);
      });
  }

  /** An error frame, logged; too many in a minute and the connection is closed. */
  private refuse(code: ProtocolErrorCode, message: string, replyTo: string | null): void {
    this.handler.warn(`refused a frame from ${this.describe()}: ${code}: ${message}`);
    this.sendError(code, message, replyTo);
    const now = this.now();
    this.badFrames = this.badFrames.filter((time) => now - time < 60_000);
    this.badFrames.push(now);
    if (this.badFrames.length > MAX_BAD_FRAMES_PER_MINUTE) {
      this.close(1008, 'too many bad frames');
    }
  }
}
