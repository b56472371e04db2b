/**
 * What went wrong, in a few broad kinds: safe to switch on in scripts and tests, and also given to
 * errors that never reached the server (unreachable, local files missing). Derived from the status,
 * refined by the details (a JDL error). The server's own finer code (`JOB_NOT_FOUND`, `AUTH_EXPIRED`,
 * …) is the error's `apiCode`.
 */
export type MajoranaClientErrorCode =
  /** No answer: the server is down, the URL is wrong, or the network is. */
  | 'unreachable'
  /** 401: the token is missing, malformed, expired, revoked or not this server's. */
  | 'unauthenticated'
  /** 403: the token is good but its group may not do this. */
  | 'forbidden'
  /** 400: the request or a JDL in it was refused. */
  | 'invalid-request'
  /** 400 with a JDL error in the details (its line and column are in the message). */
  | 'invalid-jdl'
  /** 404: no such job, pilot or file (or not yours to see). */
  | 'not-found'
  /** 409: the thing is not in a state that allows this (e.g. no output sandbox yet). */
  | 'conflict'
  /** 413: a sandbox over the server's limit. */
  | 'too-large'
  /** 5xx: the server failed; its log has the details. */
  | 'server-error'
  /** Checked on this side before sending: local input-sandbox files that do not exist. */
  | 'missing-input-files'
  /** A download whose bytes do not match what the server said it sent. */
  | 'damaged-download'
  /** Any other status. */
  | 'http-error';

/** An answer from the server that is not a success, with the API's own message (one line, saying what to do). */
export class MajoranaClientError extends Error {
  override readonly name: string = 'MajoranaClientError';
  readonly code: MajoranaClientErrorCode;

  constructor(
    /** The HTTP status, or 0 when the server could not be reached at all (or the error arose on this side). */
    readonly statusCode: number,
    message: string,
    /** The API's `details` (e.g. a JDL error's code, line and column). */
    readonly details?: unknown,
    code?: MajoranaClientErrorCode,
    /** The API's own `code` (UPPER_SNAKE, e.g. `JOB_NOT_FOUND`), when the server answered. */
    readonly apiCode?: string,
  ) {
    super(message);
    this.code = code ?? errorCodeOf(statusCode, details);
  }
}

/** The server did not answer: one line naming the URL and what to check. */
export class ServerUnreachableError extends MajoranaClientError {
  override readonly name = 'ServerUnreachableError';

  constructor(
    readonly url: string,
    /** The system's reason, e.g. ECONNREFUSED. */
    readonly reason: string,
  ) {
    super(
      0,
      `cannot reach the Majorana server at ${url} (${reason}): is it running (majorana up)? is MAJORANA_URL right?`,
      undefined,
      'unreachable',
    );
  }
}

/** 401: the token is missing, malformed, expired, revoked or signed by another server. The message says how to get a new one. */
export class AuthenticationError extends MajoranaClientError {
  override readonly name = 'AuthenticationError';

  constructor(message: string, details?: unknown, apiCode?: string) {
    super(401, message, details, 'unauthenticated', apiCode);
  }
}

export function errorCodeOf(statusCode: number, details?: unknown): MajoranaClientErrorCode {
  switch (true) {
    case statusCode === 0:
      return 'unreachable';
    case statusCode === 401:
      return 'unauthenticated';
    case statusCode === 403:
      return 'forbidden';
    case statusCode === 400:
      return isJdlErrorDetails(details) ? 'invalid-jdl' : 'invalid-request';
    case statusCode === 404:
      return 'not-found';
    case statusCode === 409:
      return 'conflict';
    case statusCode === 413:
      return 'too-large';
    case statusCode >= 500:
      return 'server-error';
    default:
      return 'http-error';
  }
}

function isJdlErrorDetails(details: unknown): boolean {
  const code = (details as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('JDL_');
}
