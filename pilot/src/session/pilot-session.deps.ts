import type { PilotResources } from '@majorana/protocol';
import type { JobAssignment } from '../execution/job-assignment.js';
import type { RunningJob } from '../execution/running-job.js';
import type { Connector } from './pilot-connector.js';
import type { SessionClock } from './session-clock.js';
import type { PilotSessionOptions } from './session-options.js';

/** Who the pilot is, as `hello` tells it. */
export interface PilotIdentity {
  /** This pilot's reference; the server's `welcome` may replace it (then later hellos use the server's). */
  readonly pilotRef: string;
  readonly site: string;
  readonly ce: string;
  readonly pilotVersion: string;
}

/** Starts jobs: the execution half's `JobWrapper` (structurally, so tests may pass their own). */
export interface JobLauncher {
  start(assignment: JobAssignment): RunningJob;
}

/** One-line event logs (`PilotLogger`, or a capture in tests). */
export interface SessionLogger {
  info(event: string, fields?: Readonly<Record<string, string | number | boolean | null | undefined>>): void;
  warn(event: string, fields?: Readonly<Record<string, string | number | boolean | null | undefined>>): void;
  error(event: string, fields?: Readonly<Record<string, string | number | boolean | null | undefined>>): void;
}

export interface PilotSessionDeps {
  readonly connector: Connector;
  readonly jobs: JobLauncher;
  /** The whole slot, as discovered at start-up. */
  readonly resources: PilotResources;
  /** When the slot ends (ms since the epoch), null when unlimited: time left is counted down from it. */
  readonly deadlineMs: number | null;
  readonly identity: PilotIdentity;
  readonly clock: SessionClock;
  /** In [0, 1): jitters the reconnect backoff. */
  readonly random: () => number;
  readonly logger: SessionLogger;
  readonly options?: Partial<PilotSessionOptions>;
}
