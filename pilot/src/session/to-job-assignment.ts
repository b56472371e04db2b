import type { JobMessage } from '@majorana/protocol';
import type { JobAssignment } from '../execution/job-assignment.js';

/** The job wrapper's view of a `job` message: what to run and where its sandboxes go. */
export function toJobAssignment(message: JobMessage): JobAssignment {
  return {
    jobId: message.jobId,
    attempt: message.attempt,
    fencingToken: message.fencingToken,
    spec: message.spec,
    inputSandboxUrl: message.inputSandboxUrl,
    outputSandboxUrl: message.outputSandboxUrl,
    jobToken: message.jobToken,
    cpuTimeLimitS: message.cpuTimeLimitS,
    wallTimeLimitS: message.wallTimeLimitS,
  };
}
