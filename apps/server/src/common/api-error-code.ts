import { AuthConfigException, AuthException } from '@majorana/auth';
import type { MajoranaException } from '@majorana/domain';
import { SandboxException } from '@majorana/sandbox';

/**
 * The `code` of an API error: stable, UPPER_SNAKE and prefixed by the module that refused, so that a
 * script can switch on it (`JOB_NOT_FOUND`, `JDL_SYNTAX`, `AUTH_EXPIRED`, `SANDBOX_ARCHIVE_UNSAFE_PATH`).
 * The modules spell their own codes differently (the auth library `Expired`, the sandbox library
 * `unsafe-path`); the API spells them one way.
 */
export function apiErrorCode(exception: MajoranaException): string {
  const code = String(exception.code);
  if (exception instanceof AuthConfigException) {
    return `AUTH_CONFIG_${upperSnake(code)}`;
  }
  if (exception instanceof AuthException) {
    return `AUTH_${upperSnake(code)}`;
  }
  if (exception instanceof SandboxException) {
    // The archive's own faults; SANDBOX_* without ARCHIVE are the upload's (size, media type, access).
    return `SANDBOX_ARCHIVE_${upperSnake(code)}`;
  }
  return upperSnake(code);
}

/** The code of an error that is only an HTTP status (Nest's validation, an unknown route, Fastify's body limit). */
export function apiErrorCodeOfStatus(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? `HTTP_${statusCode}`;
}

const STATUS_CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** `MissingToken`, `unsafe-path` and `JOB_NOT_FOUND` → `MISSING_TOKEN`, `UNSAFE_PATH`, `JOB_NOT_FOUND`. */
function upperSnake(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
