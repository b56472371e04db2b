/**
 * The minor and application statuses the pilot reports. The texts are what users grep for in
 * `dirac-wms-job-status` output, so they are fixed here in one place.
 */
export const JobMinorStatus = {
  ExecutionComplete: 'Execution Complete',
  InputSandboxDownloadFailed: 'Input sandbox download failed',
  OutputSandboxUploadFailed: 'Output sandbox upload failed',
  ExceededCpuTime: 'Exceeded CPU time limit',
  ExceededWallTime: 'Exceeded wall-clock time limit',
  ExceededMemory: 'Exceeded memory limit',
  KilledByUser: 'Killed by user',
  ExecutableNotFound: 'Executable not found',
  ExecutableNotRunnable: 'Executable could not be started',
  InvalidJobDescription: 'Invalid job description',
  WrapperError: 'Job wrapper error',
} as const;

/** DIRAC's application status before the payload has said anything. */
export const UNKNOWN_APPLICATION_STATUS = 'Unknown';

export function applicationExited(code: number): string {
  return `Application exited with status ${code}`;
}

export function applicationKilledBySignal(signal: string): string {
  return `Application killed by signal ${signal}`;
}
