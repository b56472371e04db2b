import { createMessage, MAX_REASON_LENGTH, type GoodbyeReason, type JobFinishedMessage } from '@majorana/protocol';
import type { JobOutcome } from '../execution/job-assignment.js';

/** The attempt a report is about. */
export interface AttemptRef {
  readonly jobId: number;
  readonly attempt: number;
  readonly fencingToken: string;
}

/** The minor status of a job the pilot killed (or never ran) because it was leaving: "Pilot stopped: signal". */
export function stoppedMinorStatus(reason: GoodbyeReason): string {
  return `Pilot stopped: ${reason}`;
}

/** The outcome of a job that never started: nothing ran, nothing to return. */
export function notRunOutcome(minorStatus: string): JobOutcome {
  return {
    status: 'Failed',
    minorStatus,
    applicationStatus: 'Unknown',
    exitCode: null,
    outputSandbox: null,
    cpuTimeS: 0,
    wallTimeS: 0,
  };
}

/** The `job-finished` report of an outcome, its texts cut to what the protocol accepts. */
export function finishedReport(id: string, ref: AttemptRef, outcome: JobOutcome): JobFinishedMessage {
  return createMessage('job-finished', id, {
    jobId: ref.jobId,
    attempt: ref.attempt,
    fencingToken: ref.fencingToken,
    status: outcome.status,
    minorStatus: outcome.minorStatus.slice(0, MAX_REASON_LENGTH),
    applicationStatus: outcome.applicationStatus.slice(0, MAX_REASON_LENGTH),
    exitCode: outcome.exitCode,
    outputSandbox: outcome.outputSandbox,
    cpuTimeS: Math.max(0, outcome.cpuTimeS),
    wallTimeS: Math.max(0, outcome.wallTimeS),
  });
}
