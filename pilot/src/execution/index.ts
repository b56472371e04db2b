export { type Clock, systemClock } from './clock.js';
export { type ExecutionLogFields, type ExecutionLogger, silentLogger } from './execution-logger.js';
export { ExecutionError, type ExecutionErrorCode } from './execution.error.js';
export { HttpSandboxTransfer, type HttpSandboxTransferOptions, SHA256_HEADER } from './http-sandbox-transfer.js';
export { type JobAssignment, type JobFinalStatus, type JobOutcome, type JobSpec, type JobUsage } from './job-assignment.js';
export { JobMinorStatus, UNKNOWN_APPLICATION_STATUS, applicationExited, applicationKilledBySignal } from './job-minor-status.js';
export { JobWrapper, type JobWrapperDeps } from './job-wrapper.js';
export { type LaunchSpec, type LaunchedProcess, type ProcessExit, type ProcessLauncher } from './process-launcher.js';
export { type ProcessTreeReader, ProcFsTreeReader } from './process-tree.js';
export { type RunningJob } from './running-job.js';
export { type SandboxDownloadRequest, type SandboxTransfer, type SandboxUploadRequest, type UploadedSandbox } from './sandbox-transfer.js';
export {
  type SlotCapacity,
  type SlotClaim,
  type WorkRequest,
  claimFits,
  claimedMemoryMiB,
  freeCapacity,
  nextWorkRequest,
} from './slot-packer.js';
export { SpawnProcessLauncher } from './spawn-process-launcher.js';
