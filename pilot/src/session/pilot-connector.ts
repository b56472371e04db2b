import WebSocket from 'ws';
import { ConnectFailedError } from './session.error.js';

/** What the session hears from one connection. Given at connect time so no early frame is missed. */
export interface ConnectionHandlers {
  /** A frame arrived; `isBinary` frames are malformed by protocol (text JSON only). */
  onFrame(data: Buffer, isBinary: boolean): void;
  /** The connection is gone (either side closed it, or the network failed). Called once. */
  onClose(code: number, reason: string): void;
}

/** One open WebSocket to the server. */
export interface PilotConnection {
  send(frame: string): void;
  /** Closes politely (the close handshake); `onClose` follows. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, for a peer that stopped answering; `onClose` follows. */
  terminate(): void;
}

/**
 * Opens connections to the server. An interface so tests can point the session at an in-process
 * server, and so the session never constructs sockets itself.
 */
export interface Connector {
  /** Where it connects, for logs. */
  readonly target: string;
  /** Resolves when the connection is open; rejects with {@link ConnectFailedError}. */
  connect(handlers: ConnectionHandlers): Promise<PilotConnection>;
}

export interface WsConnectorOptions {
  /** The `ws(s)://…/api/pilots/connect` URL. */
  readonly url: string;
  /** The pilot credential, sent as `Authorization: Bearer …` on the upgrade request. */
  readonly token: string;
  /** Abandon an upgrade that takes longer. @default 30000 */
  readonly handshakeTimeoutMs?: number;
}

/** Connects with the `ws` package (the only runtime dependency the bundle carries besides our libs). */
export class WsConnector implements Connector {
  readonly target: string;

  constructor(private readonly options: WsConnectorOptions) {
    this.target = options.url;
  }

  connect(handlers: ConnectionHandlers): Promise<PilotConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.options.url, {
        headers: { Authorization: `Bearer ${this.options.token}` },
        handshakeTimeout: this.options.handshakeTimeoutMs ?? 30_000,
        // Frames are small JSON; compression would only cost CPU on a worker node meant for jobs.
        perMessageDeflate: false,
      });
      let open = false;
      socket.on('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        reject(new ConnectFailedError(`the server answered the upgrade with HTTP ${status}`, status));
        socket.terminate();
      });
      socket.on('error', (error) => {
        // Before `open` this is a failed attempt; after it, `close` follows and tells the session.
        if (!open) {
          reject(new ConnectFailedError(error.message));
        }
      });
      socket.on('message', (data, isBinary) => handlers.onFrame(toBuffer(data), isBinary));
      socket.once('close', (code, reason) => {
        if (open) {
          handlers.onClose(code, reason.toString('utf8'));
        }
      });
      socket.once('open', () => {
        open = true;
        resolve(new WsConnection(socket));
      });
    });
  }
}

class WsConnection implements PilotConnection {
  constructor(private readonly socket: WebSocket) {}

  send(frame: string): void {
    // A send racing a close fails inside ws with an error we do not need: the close handler
    // reconnects and the outbox sends the report again.
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(frame);
    }
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) {
    return data;
  }
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
