/**
 * DIRAC's job states. A job's life: Received → Checking → Waiting → Matched → Running →
 * Completing → Completed → Done (or Failed); Stalled when its pilot goes silent; Rescheduled back to
 * Received up to MaxRescheduling times; Killed and Deleted on request.
 */
export enum JobStatus {
  Received = 'Received',
  Checking = 'Checking',
  Waiting = 'Waiting',
  Matched = 'Matched',
  Running = 'Running',
  Completing = 'Completing',
  Completed = 'Completed',
  Done = 'Done',
  Failed = 'Failed',
  Stalled = 'Stalled',
  Killed = 'Killed',
  Deleted = 'Deleted',
  Rescheduled = 'Rescheduled',
}

export const JOB_STATUSES: readonly JobStatus[] = Object.values(JobStatus);

const S = JobStatus;

/**
 * Which state may follow which (DIRAC's JobsStateMachine, made explicit). Anything not listed is
 * refused: the caller logs the refusal and leaves the job as it was. Staying in the same state is
 * never a transition (minor and application status change without one).
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  [S.Received]: [S.Checking, S.Failed, S.Killed, S.Deleted],
  [S.Checking]: [S.Waiting, S.Failed, S.Rescheduled, S.Killed, S.Deleted],
  // Waiting → Checking: re-optimisation after a site-mask or configuration change.
  [S.Waiting]: [S.Matched, S.Checking, S.Failed, S.Rescheduled, S.Killed, S.Deleted],
  [S.Matched]: [S.Running, S.Failed, S.Stalled, S.Rescheduled, S.Killed],
  [S.Running]: [S.Completing, S.Completed, S.Done, S.Failed, S.Stalled, S.Rescheduled, S.Killed],
  [S.Completing]: [S.Completed, S.Done, S.Failed, S.Stalled, S.Killed],
  [S.Completed]: [S.Done, S.Failed],
  // A stalled job's pilot may come back (Running) or the stalled-job agent gives up on it.
  [S.Stalled]: [S.Running, S.Completing, S.Done, S.Failed, S.Rescheduled, S.Killed],
  [S.Rescheduled]: [S.Received, S.Failed, S.Killed, S.Deleted],
  // Finished jobs may be rescheduled by their owner (DIRAC allows it) and deleted.
  [S.Done]: [S.Rescheduled, S.Deleted],
  [S.Failed]: [S.Rescheduled, S.Deleted],
  [S.Killed]: [S.Rescheduled, S.Deleted],
  [S.Deleted]: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/** States a job no longer leaves by itself: nothing runs it any more. */
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set([S.Done, S.Failed, S.Killed, S.Deleted]);

/** States in which a job holds (or is about to hold) a worker node. */
export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set([S.Matched, S.Running, S.Completing, S.Stalled]);

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}
