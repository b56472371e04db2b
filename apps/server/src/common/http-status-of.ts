import { HttpStatus } from '@nestjs/common';
import { AuthConfigException, AuthErrorCode, AuthException } from '@majorana/auth';
import { DbErrorCode, DbException } from '@majorana/db';
import type { MajoranaException } from '@majorana/domain';
import { SandboxException, type SandboxErrorCode } from '@majorana/sandbox';
import { ComputingElementErrorCode, ComputingElementException } from '../agents/computing-elements/computing-element.exception.js';
import { IdentityErrorCode, IdentityException } from '../identity/identity.exception.js';
import { JobErrorCode, JobException } from '../jobs/job.exception.js';
import { SandboxApiErrorCode, SandboxApiException } from '../sandboxes/sandbox-api.exception.js';

/**
 * The HTTP status of each typed exception, by module and code. Each module's codes are matched by
 * an exhaustive switch, so a new code does not compile until it has a status.
 */
export function httpStatusOf(exception: MajoranaException): number {
  if (exception instanceof AuthException) {
    return authStatus(exception.code);
  }
  if (exception instanceof JobException) {
    return jobStatus(exception.code);
  }
  if (exception instanceof IdentityException) {
    return identityStatus(exception.code);
  }
  if (exception instanceof DbException) {
    return dbStatus(exception.code);
  }
  if (exception instanceof SandboxApiException) {
    return sandboxApiStatus(exception.code);
  }
  if (exception instanceof SandboxException) {
    return sandboxStatus(exception.code);
  }
  if (exception instanceof ComputingElementException) {
    return computingElementStatus(exception.code);
  }
  if (exception instanceof AuthConfigException) {
    return HttpStatus.BAD_REQUEST;
  }
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

function authStatus(code: AuthErrorCode): number {
  switch (code) {
    case AuthErrorCode.MissingToken:
    case AuthErrorCode.MalformedToken:
    case AuthErrorCode.BadSignature:
    case AuthErrorCode.Expired:
    case AuthErrorCode.Revoked:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
  }
}

function jobStatus(code: JobErrorCode): number {
  switch (code) {
    case JobErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case JobErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case JobErrorCode.InvalidQuery:
    case JobErrorCode.TooManyJobs:
      return HttpStatus.BAD_REQUEST;
  }
}

function sandboxApiStatus(code: SandboxApiErrorCode): number {
  switch (code) {
    case SandboxApiErrorCode.TooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case SandboxApiErrorCode.InvalidRequest:
    case SandboxApiErrorCode.UnknownReference:
    case SandboxApiErrorCode.LocalFilesNotUploaded:
    case SandboxApiErrorCode.TooManyReferences:
      return HttpStatus.BAD_REQUEST;
    case SandboxApiErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case SandboxApiErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case SandboxApiErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case SandboxApiErrorCode.AttemptNotCurrent:
      return HttpStatus.CONFLICT;
    case SandboxApiErrorCode.Lost:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/**
 * What is wrong with an archive itself. `too-large` here is about its content (unpacked size, a zip
 * bomb): the size of the request is counted before the library sees it and answered 413 as
 * SandboxApiErrorCode.TooLarge.
 */
function sandboxStatus(code: SandboxErrorCode): number {
  switch (code) {
    case 'too-large':
    case 'checksum-mismatch':
    case 'unsafe-path':
    case 'unsafe-link':
    case 'unsupported-entry':
    case 'too-many-entries':
    case 'corrupt-archive':
    case 'invalid-reference':
      return HttpStatus.BAD_REQUEST;
    case 'missing-file':
      return HttpStatus.NOT_FOUND;
  }
}

function identityStatus(code: IdentityErrorCode): number {
  switch (code) {
    case IdentityErrorCode.UnknownGroup:
    case IdentityErrorCode.InvalidRequest:
      return HttpStatus.BAD_REQUEST;
    case IdentityErrorCode.UnknownToken:
      return HttpStatus.NOT_FOUND;
  }
}

function dbStatus(code: DbErrorCode): number {
  switch (code) {
    case DbErrorCode.InvalidQuery:
    case DbErrorCode.ValueTooLong:
      return HttpStatus.BAD_REQUEST;
    case DbErrorCode.InvalidConfiguration:
    case DbErrorCode.UnsupportedServer:
    case DbErrorCode.MigrationLockTimeout:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

function computingElementStatus(code: ComputingElementErrorCode): number {
  switch (code) {
    case ComputingElementErrorCode.InvalidDeclaration:
      return HttpStatus.BAD_REQUEST;
    case ComputingElementErrorCode.UnknownComputingElement:
      return HttpStatus.NOT_FOUND;
  }
}
