// The base class alone: the whole domain library would load the JDL parser and class-validator
// into every client command that packs a sandbox (~400 ms of a 300 ms budget).
import { MajoranaException } from '@majorana/domain/errors';

/**
 * Why a sandbox was refused. Every refusal is final for that archive: retrying the same bytes gives
 * the same answer, so callers report it rather than retry.
 */
export type SandboxErrorCode =
  /** More bytes (compressed on the wire, or unpacked on disk) than the limit allows. */
  | 'too-large'
  /** The bytes received do not have the sha256 the sandbox was announced with. */
  | 'checksum-mismatch'
  /** An entry name that is absolute, has `..`, or collides with what is already there. */
  | 'unsafe-path'
  /** A symbolic or hard link that leaves the target, or an entry written through a link. */
  | 'unsafe-link'
  /** A device, FIFO, sparse file or other entry a sandbox has no business holding. */
  | 'unsupported-entry'
  /** More entries than the limit allows. */
  | 'too-many-entries'
  /** Not a gzip-compressed tar, or one cut short. */
  | 'corrupt-archive'
  /** A file that was asked for is not there. */
  | 'missing-file'
  /** Text that should be a sandbox reference (`SB:sha256:<64 hex>`) and is not. */
  | 'invalid-reference';

/** Details carried for the API's `details` field: the entry at fault and the numbers involved. */
export interface SandboxErrorDetails {
  entry?: string;
  limit?: number;
  seen?: number;
  expected?: string;
  actual?: string;
}

export class SandboxException extends MajoranaException<SandboxErrorCode> {
  declare readonly details?: SandboxErrorDetails;

  constructor(code: SandboxErrorCode, message: string, details?: SandboxErrorDetails) {
    super(code, message, details);
  }
}
