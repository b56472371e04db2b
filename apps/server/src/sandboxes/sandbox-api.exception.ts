import { MajoranaException } from '@majorana/domain';

/**
 * Why the server refused a sandbox request. What is wrong with an archive itself (unsafe entries,
 * corrupt gzip, checksum) is the sandbox library's SandboxException; these are about the request
 * around it: its size on the wire, who may use which sandbox, which attempt may upload.
 */
export enum SandboxApiErrorCode {
  /** The archive as sent is over MAJORANA_MAX_SANDBOX_BYTES (counted while it streams). */
  TooLarge = 'SANDBOX_TOO_LARGE',
  /** A request without what it needs: a missing or malformed header. */
  InvalidRequest = 'SANDBOX_INVALID_REQUEST',
  /** A body that is not sent as an archive (no body, or JSON). */
  UnsupportedMediaType = 'SANDBOX_UNSUPPORTED_MEDIA_TYPE',
  /** A JDL names a sandbox its owner never uploaded (or another owner's). */
  UnknownReference = 'SANDBOX_UNKNOWN_REFERENCE',
  /** A JDL lists local files but no sandbox holding them. */
  LocalFilesNotUploaded = 'SANDBOX_LOCAL_FILES',
  /** A JDL names more than one input sandbox (a job unpacks exactly one). */
  TooManyReferences = 'SANDBOX_TOO_MANY_REFERENCES',
  /** The job has no sandbox of that kind (yet). */
  NotFound = 'SANDBOX_NOT_FOUND',
  /** The caller may not do this with this job's sandboxes (another job's token, a user uploading an output). */
  Forbidden = 'SANDBOX_FORBIDDEN',
  /** A job token of an attempt that is no longer the job's current one, or a job no longer running. */
  AttemptNotCurrent = 'SANDBOX_ATTEMPT_NOT_CURRENT',
  /** The database names an archive that the store does not have: an operator must look. */
  Lost = 'SANDBOX_LOST',
}

export class SandboxApiException extends MajoranaException<SandboxApiErrorCode> {}
