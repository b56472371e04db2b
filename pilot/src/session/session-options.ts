import { defaultBackoffPolicy, type BackoffPolicy } from './reconnect-backoff.js';

/** How a session behaves in time. Every field has a default; `main` sets them from the command line. */
export interface PilotSessionOptions {
  /** Leave (goodbye `idle`) after this long with no job and every slot free. @default 120000 */
  readonly idleTimeoutMs: number;
  /**
   * Stop asking for work, and leave (goodbye `time-left`) once the jobs are done, when the slot has
   * less time left than this: a job matched now could not finish. @default 300
   */
  readonly minTimeLeftS: number;
  /** Give up (kill the jobs, exit 1) after this long without a welcomed connection. @default 600000 */
  readonly reconnectTimeoutMs: number;
  /** Drop a connection whose server has not answered `hello` in this time, and reconnect. @default 30000 */
  readonly helloTimeoutMs: number;
  /** Heartbeat interval until the server's `welcome` says otherwise. @default 30000 */
  readonly heartbeatIntervalMs: number;
  /**
   * The longest a leaving pilot waits for killed jobs to end, its last reports to be acked and a
   * cancelled request to be answered: batch systems send SIGKILL soon after SIGTERM. @default 15000
   */
  readonly stopGraceMs: number;
  /** How long the server has to close the connection after `goodbye` before the pilot closes it. @default 2000 */
  readonly closeTimeoutMs: number;
  readonly backoff: BackoffPolicy;
}

export const defaultSessionOptions: PilotSessionOptions = {
  idleTimeoutMs: 120_000,
  minTimeLeftS: 300,
  reconnectTimeoutMs: 600_000,
  helloTimeoutMs: 30_000,
  heartbeatIntervalMs: 30_000,
  stopGraceMs: 15_000,
  closeTimeoutMs: 2_000,
  backoff: defaultBackoffPolicy,
};
