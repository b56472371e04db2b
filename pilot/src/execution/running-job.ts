import { type JobOutcome, type JobUsage } from './job-assignment.js';

/** One job assignment being run by the job wrapper. */
export interface RunningJob {
  readonly jobId: number;
  readonly attempt: number;
  /**
   * Resolves when the payload process has started (after the input sandbox is in place). Rejects
   * with an `ExecutionError` 'not-started' when the job ended before that; `done` then tells why.
   */
  readonly started: Promise<void>;
  /** For heartbeats: CPU and memory as last sampled by the watchdog, wall time now, stdout's last lines. */
  usage(): JobUsage;
  /**
   * Ends the job: a download in progress is aborted, a running payload's whole process tree is
   * terminated (SIGTERM, SIGKILL after the grace). The outcome is Failed with `reason` as minor status
   * ("Killed by user" when empty). Once the payload has exited its verdict stands, and a kill only
   * abandons the output upload (a job that was Done then fails with "Output sandbox upload failed").
   */
  kill(reason: string): void;
  /** The outcome, once outputs are uploaded and the working directory removed; never rejects. */
  readonly done: Promise<JobOutcome>;
}
