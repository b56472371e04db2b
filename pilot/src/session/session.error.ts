import type { GoodbyeReason } from '@majorana/protocol';

export type PilotSessionErrorCode =
  /** The server refused the pilot credential at the WebSocket upgrade (HTTP 401/403). */
  | 'unauthorized'
  /** The server answered `hello` with an `error` frame (forbidden, unsupported version, invalid hello). */
  | 'hello-refused'
  /** No welcomed connection for longer than the reconnect timeout. */
  | 'reconnect-timeout'
  /** A bug or an unexpected failure inside the pilot. */
  | 'internal';

/** Why a session ended with an error; `main` prints the message and exits 1. */
export class PilotSessionException extends Error {
  override readonly name = 'PilotSessionException';

  constructor(
    readonly code: PilotSessionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The attempt to open a connection failed; `httpStatus` is set when the server answered the upgrade with HTTP. */
export class ConnectFailedError extends Error {
  override readonly name = 'ConnectFailedError';

  constructor(
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

/** How a session ended: the goodbye reason it gave (or would have given) and a human message. */
export interface SessionEnd {
  readonly reason: GoodbyeReason;
  readonly message: string;
  /** The signal that stopped the pilot, when `reason` is `signal`. */
  readonly signal?: NodeJS.Signals;
  /** Set when `reason` is `error`. */
  readonly error?: PilotSessionException;
}
