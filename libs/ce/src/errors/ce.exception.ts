import { MajoranaException } from '@majorana/domain';

/** Why a computing element refused; stable strings, safe to match on. */
export enum CeErrorCode {
  /** The driver's options cannot be used (a bad CE name, slots < 1, a relative work directory...). */
  InvalidConfiguration = 'invalid-configuration',
  /** A submission request is malformed (count, executable, script, arguments, environment). */
  InvalidRequest = 'invalid-request',
  /** More pilots were asked for than the CE has room for (`capacity().maxPilots` minus active ones). */
  CapacityExceeded = 'capacity-exceeded',
  /** The batch system (or the OS, for Local) started none of the pilots asked for. */
  SubmitFailed = 'submit-failed',
  /** The pilot reference is not one this CE issued, or its record was cleaned up. */
  UnknownPilot = 'unknown-pilot',
  /** A cancel could not be delivered (e.g. the pilot now belongs to another user). */
  CancelFailed = 'cancel-failed',
  /** The pilot's output exists but could not be read. */
  OutputUnavailable = 'output-unavailable',
  /** Another driver instance (in this or another process) is using the same work directory. */
  WorkDirInUse = 'work-dir-in-use',
  /** The CE's persisted pilot index cannot be read or belongs to another CE. */
  IndexUnreadable = 'index-unreadable',
  /**
   * The CE's remote host did not let us in: unreachable, refused the connection, an unknown or changed
   * host key, or refused our key (SSH CE, Slurm over SSH).
   */
  Unreachable = 'unreachable',
  /** The driver was closed; make a new one. */
  Closed = 'closed',
}

export class CeException extends MajoranaException<CeErrorCode> {}
