import { type ExecutionErrorCode } from './execution.error.js';
import { type JobOutcome } from './job-assignment.js';
import { JobMinorStatus, UNKNOWN_APPLICATION_STATUS, applicationExited, applicationKilledBySignal } from './job-minor-status.js';
import { type ProcessExit } from './process-launcher.js';

/** An outcome without the measured parts (sandbox, times), which the job wrapper adds. */
export type JobVerdict = Pick<JobOutcome, 'status' | 'minorStatus' | 'applicationStatus' | 'exitCode'>;

/**
 * What a payload's end means. A kill (by the user, or by the watchdog for a limit) names the reason as
 * the minor status whatever the process did on its way out; otherwise exit 0 is Done and anything
 * else Failed, as DIRAC's job wrapper reports it.
 */
export function verdictOfExit(exit: ProcessExit, killReason: string | null): JobVerdict {
  const applicationStatus = exit.signal !== null ? applicationKilledBySignal(exit.signal) : applicationExited(exit.code ?? -1);
  if (killReason !== null) {
    return { status: 'Failed', minorStatus: killReason, applicationStatus, exitCode: exit.code };
  }
  if (exit.code === 0) {
    return { status: 'Done', minorStatus: JobMinorStatus.ExecutionComplete, applicationStatus, exitCode: 0 };
  }
  return { status: 'Failed', minorStatus: applicationStatus, applicationStatus, exitCode: exit.code };
}

/** A job that ended before or without its payload running. */
export function verdictWithoutPayload(minorStatus: string, applicationStatus: string = UNKNOWN_APPLICATION_STATUS): JobVerdict {
  return { status: 'Failed', minorStatus, applicationStatus, exitCode: null };
}

/** The minor status reporting an `ExecutionError`; its message becomes the application status. */
export function minorStatusOfError(code: ExecutionErrorCode): string {
  switch (code) {
    case 'executable-not-found':
      return JobMinorStatus.ExecutableNotFound;
    case 'executable-not-runnable':
      return JobMinorStatus.ExecutableNotRunnable;
    case 'invalid-job-description':
      return JobMinorStatus.InvalidJobDescription;
    case 'sandbox-download-failed':
      return JobMinorStatus.InputSandboxDownloadFailed;
    case 'sandbox-upload-failed':
      return JobMinorStatus.OutputSandboxUploadFailed;
    case 'not-started':
      return JobMinorStatus.WrapperError;
  }
}
